package io.heapsight.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MAT job end to end against a stand-in for MAT's launcher jar (MAT is not installed here): a tiny program that
 * checks its command line as MAT's parse application reads it and writes what MAT writes beside the dump.
 */
class MatRunTest {
    @TempDir
    Path dir;

    private static final String FAKE = """
            import java.nio.file.*;
            public class FakeMat {
                public static void main(String[] a) throws Exception {
                    int app = java.util.Arrays.asList(a).indexOf("-application");
                    if (app < 0 || !a[app + 1].equals("org.eclipse.mat.api.parse")) System.exit(3);
                    if (!a[a.length - 1].equals("org.eclipse.mat.api:suspects")) System.exit(4);
                    Path dump = Path.of(a[a.length - 2]);
                    if (!Files.isSymbolicLink(dump) || Files.size(dump) != 5000) System.exit(5);
                    if (Files.exists(Files.readSymbolicLink(dump).resolveSibling("fail"))) return;
                    String prefix = dump.toString().substring(0, dump.toString().length() - ".hprof".length());
                    Files.write(Path.of(prefix + ".idx.index"), new byte[1500]);
                    Files.write(Path.of(prefix + ".o2c.index"), new byte[1000]);
                    Files.write(Path.of(prefix + "_Leak_Suspects.zip"), new byte[321]);
                }
            }
            """;

    private Path fakeMatHome() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("FakeMat.java"), FAKE);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, "-d", src.toString(), src.resolve("FakeMat.java").toString())).isZero();
        Path plugins = Files.createDirectories(dir.resolve("mat/plugins"));
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "FakeMat");
        try (OutputStream out = Files.newOutputStream(plugins.resolve("org.eclipse.equinox.launcher_1.6.900.jar"));
             JarOutputStream jar = new JarOutputStream(out, mf)) {
            jar.putNextEntry(new JarEntry("FakeMat.class"));
            jar.write(Files.readAllBytes(src.resolve("FakeMat.class")));
            jar.closeEntry();
        }
        return dir.resolve("mat");
    }

    @Test
    void aRunThatWritesTheSuspectsReportIsOkWithItsIndexSizeAndLeavesNothingBesideTheDump() throws Exception {
        Path home = fakeMatHome();
        Path dumps = Files.createDirectories(dir.resolve("dumps"));
        Path dump = Files.write(dumps.resolve("app.hprof"), new byte[5000]);
        ChildJvm child = new ChildJvm("256m", List.of(), Duration.ofSeconds(60), dir.resolve("logs"), null, home);

        RunResult ok = child.run(Tool.MAT, 1, dump, 20);
        assertThat(ok.status()).as(ok.detail()).isEqualTo(RunResult.Status.OK);
        assertThat(ok.detail()).isEqualTo("suspects report 321 bytes; index files 2,500 bytes (0.50x the dump)");
        assertThat(ok.wallMillis()).isPositive();
        try (var left = Files.list(dumps)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactly("app.hprof");
        }

        Files.createFile(dumps.resolve("fail")); // the stand-in then exits 0 without a report, as a failed MAT parse may
        RunResult failed = child.run(Tool.MAT, 2, dump, 20);
        assertThat(failed.status()).isEqualTo(RunResult.Status.FAILED);
        assertThat(failed.detail()).startsWith("exit code 0, no suspects report; see ");
    }
}

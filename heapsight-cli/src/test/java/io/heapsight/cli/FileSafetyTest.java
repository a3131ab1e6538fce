package io.heapsight.cli;

import io.heapsight.hprof.HprofWriter;
import io.heapsight.hprof.HprofWriter.Type;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line's files against a hostile neighbour and a hostile disk (issue #11): links planted at output and
 * cache names, kept reports edited to carry a script, an output naming an input, a read-only or full output folder,
 * a gzip bomb, and an investigation pointed at a folder that holds someone's files.
 */
class FileSafetyTest {
    @TempDir
    Path dir;
    Path cache;

    @BeforeEach
    void privateCache() {
        cache = dir.resolve("cache");
        System.setProperty("heapsight.cache", cache.toString());
    }

    @AfterEach
    void clear() {
        System.clearProperty("heapsight.cache");
        System.clearProperty("heapsight.gzip.maxBytes");
    }

    static CliRun run(String... args) {
        return CliRun.run(args);
    }

    /** A JNI global holding {@code items} instances of com.example.Item, each with a payload of {@code payload} bytes. */
    static Path dump(Path file, int items, int payload) throws IOException {
        HprofWriter w = HprofWriter.create().withStandardClasses();
        HprofWriter.ClassRef item = w.declareClass("com.example.Item").instanceField("payload", Type.OBJECT).define();
        long[] ids = new long[items];
        for (int i = 0; i < items; i++) ids[i] = w.newInstance(item).set("payload", w.primitiveArray(new byte[payload])).write();
        w.rootJniGlobal(w.objectArray(w.classNamed("java.lang.Object[]"), ids), 0x99);
        for (String name : List.of("java.lang.Object", "com.example.Item", "java.lang.Object[]", "byte[]")) {
            w.rootStickyClass(w.classNamed(name).id());
        }
        w.write(file);
        return file;
    }

    static Path gzip(Path plain, Path gz) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(plain, out);
        }
        return gz;
    }

    static List<String> names(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) return List.of();
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static void assertNoTemporaries(Path folder) throws IOException {
        assertThat(names(folder)).noneMatch(n -> n.endsWith(".tmp") || n.endsWith(".part"));
    }

    @Test
    void aKeptHtmlReportEditedToCarryAScriptIsNeverPrinted() throws Exception {
        Path d = dump(dir.resolve("d.hprof"), 20, 32);
        CliRun first = run("analyze", d.toString(), "--format", "html");
        assertThat(first.code()).isZero();
        List<Path> kept = new ArrayList<>();
        for (String n : names(dir)) if (n.startsWith("d.hprof.heapsight-report-")) kept.add(dir.resolve(n));
        assertThat(kept).hasSize(1);
        String content = Files.readString(kept.get(0));
        assertThat(content).contains("</body>");
        Files.writeString(kept.get(0), content.replace("</body>", "<script>alert('planted')</script></body>"));

        CliRun again = run("analyze", d.toString(), "--format", "html");
        assertThat(again.code()).isZero();
        assertThat(again.out()).doesNotContain("planted").contains("</body>");
        assertThat(again.err()).contains("ignoring the kept report");
    }

    @Test
    void linksPlantedAtReportCacheNamesAreNotWrittenThrough() throws Exception {
        Path d = dump(dir.resolve("d.hprof"), 20, 32);
        Path victim = Files.writeString(dir.resolve("bashrc"), "precious\n");
        // the old, predictable names: the key's String.hashCode, then ".part"
        String key = String.join("|", "0.1.0", d.toAbsolutePath().toString(), "text", "20", "false", "false", "false");
        Path oldName = dir.resolve("d.hprof.heapsight-report-" + Integer.toHexString(key.hashCode()));
        Files.createSymbolicLink(oldName.resolveSibling(oldName.getFileName() + ".part"), victim);
        assertThat(run("analyze", d.toString()).code()).isZero();
        assertThat(run("analyze", d.toString()).code()).isZero();
        assertThat(Files.readString(victim)).isEqualTo("precious\n");
    }

    @Test
    void outThroughALinkIsRefusedAndWhatItPointsAtIsUntouched() throws Exception {
        Path d = dump(dir.resolve("d.hprof"), 20, 32);
        Path victim = Files.writeString(dir.resolve("victim.txt"), "precious");
        Path link = Files.createSymbolicLink(dir.resolve("report.txt"), victim);
        CliRun r = run("analyze", d.toString(), "--out", link.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.OUTPUT_FAILED);
        assertThat(r.err().strip()).doesNotContain("\n").contains("symbolic link");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertNoTemporaries(dir);
    }

    @Test
    void aLinkPlantedAtTheOldTemporaryNameOfOutIsNotWrittenThrough() throws Exception {
        Path d = dump(dir.resolve("d.hprof"), 20, 32);
        Path victim = Files.writeString(dir.resolve("victim.txt"), "precious");
        Files.createSymbolicLink(dir.resolve("report.txt.tmp"), victim);
        CliRun r = run("analyze", d.toString(), "--out", dir.resolve("report.txt").toString());
        assertThat(r.code()).isZero();
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(Files.readString(dir.resolve("report.txt"))).contains("com.example.Item");
    }

    @Test
    void outThatIsAnInputIsRefusedForAnalyzeAndDiff() throws Exception {
        Path d = dump(dir.resolve("d.hprof"), 20, 32);
        Path e = dump(dir.resolve("e.hprof"), 30, 32);
        byte[] before = Files.readAllBytes(d);
        Path alias = Files.createSymbolicLink(dir.resolve("alias.hprof"), d);
        Path hard = Files.createLink(dir.resolve("hard.hprof"), d);
        Files.createDirectories(dir.resolve("sub"));
        for (String out : List.of(d.toString(), alias.toString(), hard.toString(), dir.resolve("sub/../d.hprof").toString())) {
            CliRun r = run("analyze", d.toString(), "--out", out);
            assertThat(r.code()).as(out).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err().strip()).doesNotContain("\n").contains("refusing to overwrite");
            CliRun diff = run("diff", e.toString(), d.toString(), "--out", out);
            assertThat(diff.code()).as(out).isEqualTo(ExitCodes.USAGE);
        }
        assertThat(Files.readAllBytes(d)).isEqualTo(before);
        assertThat(run("diff", d.toString(), e.toString(), "--format", "json", "--out", dir.resolve("diff.json").toString()).code()).isZero();
    }

    @Test
    void aReadOnlyOutputFolderEndsInOneLineAndItsExitCode() throws Exception {
        Path d = dump(dir.resolve("d.hprof"), 20, 32);
        Path folder = Files.createDirectories(dir.resolve("readonly"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            if (Files.isWritable(folder)) folder = Path.of("/sys"); // root writes anywhere a mode allows nothing; sysfs refuses
            CliRun r = run("analyze", d.toString(), "--out", folder.resolve("heapsight-test-report.txt").toString());
            assertThat(r.code()).isEqualTo(ExitCodes.OUTPUT_FAILED);
            assertThat(r.err().strip()).doesNotContain("\n").startsWith("heapsight analyze: cannot write").doesNotContain("internal error");
            assertThat(names(folder)).noneMatch(n -> n.contains("heapsight-test-report"));
        } finally {
            Files.setPosixFilePermissions(dir.resolve("readonly"), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aFullDiskWhileWritingOutLeavesNoTemporary() throws Exception {
        Path d = dump(dir.resolve("d.hprof"), 200, 32);
        Path out = Files.createDirectories(dir.resolve("out")).resolve("report.html");
        CliRun r = runWithFileSizeLimit(2, "analyze", d.toString(), "--no-index", "--format", "html", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.NO_RESOURCE);
        assertThat(r.err().strip()).doesNotContain("\n").contains("not enough disk space");
        assertThat(names(out.getParent())).isEmpty();
    }

    @Test
    void aFullDiskWhileInflatingLeavesNoPartFile() throws Exception {
        Path plain = dump(dir.resolve("big.hprof"), 4, 1 << 20);
        Path gz = gzip(plain, dir.resolve("app.hprof.gz"));
        Files.delete(plain);
        CliRun r = runWithFileSizeLimit(1024, "analyze", gz.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.NO_RESOURCE);
        assertThat(r.err().strip()).doesNotContain("\n").contains("not enough disk space").doesNotContain("internal error");
        assertThat(names(dir)).containsExactlyInAnyOrder("app.hprof.gz", "cache");
        assertThat(names(cache)).allMatch(n -> n.equals("binding.key"));
    }

    @Test
    void aGzipBombStopsAtTheLimitWithNothingLeft() throws Exception {
        Path bomb = dir.resolve("bomb.hprof.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb))) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) out.write(zeros); // 64 MB of zeros in about 64 KB
        }
        System.setProperty("heapsight.gzip.maxBytes", "8m");
        CliRun r = run("analyze", bomb.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err().strip()).doesNotContain("\n").contains("inflates to more than 8388608 bytes").contains("HEAPSIGHT_GZIP_MAX_BYTES");
        assertThat(names(dir)).containsExactlyInAnyOrder("bomb.hprof.gz", "cache");
        assertThat(names(cache)).allMatch(n -> n.equals("binding.key"));
    }

    @Test
    void investigateIntoAFolderHoldingOtherFilesIsRefusedAndTouchesNothing() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("results"));
        Files.writeString(folder.resolve("report.html"), "someone's report");
        Files.writeString(folder.resolve("dump-1.hprof"), "someone's dump");
        CliRun r = run("investigate", "--pid", "2147483646", "-o", folder.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip()).doesNotContain("\n").contains("not empty");
        assertThat(names(folder)).containsExactly("dump-1.hprof", "report.html");
        assertThat(Files.readString(folder.resolve("report.html"))).isEqualTo("someone's report");
        assertThat(Files.readString(folder.resolve("dump-1.hprof"))).isEqualTo("someone's dump");
    }

    /** Runs the CLI in a child JVM whose files may not grow beyond {@code kb} KB (RLIMIT_FSIZE): writes fail as on a full disk. */
    private CliRun runWithFileSizeLimit(int kb, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder cmd = new StringBuilder("ulimit -f " + kb + "; exec '" + java + "' -XX:-UsePerfData -Xshare:auto -Dheapsight.cache='"
                + cache + "' -cp '" + System.getProperty("java.class.path") + "' " + HeapsightCli.class.getName());
        for (String a : args) cmd.append(" '").append(a).append('\'');
        Process p = new ProcessBuilder("bash", "-c", cmd.toString()).redirectOutput(dir.resolve("child.out").toFile())
                .redirectError(dir.resolve("child.err").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        CliRun r = new CliRun(p.exitValue(), Files.readString(dir.resolve("child.out")), Files.readString(dir.resolve("child.err")));
        Files.delete(dir.resolve("child.out"));
        Files.delete(dir.resolve("child.err"));
        return r;
    }
}

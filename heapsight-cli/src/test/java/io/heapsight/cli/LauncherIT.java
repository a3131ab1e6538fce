package io.heapsight.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher (../heapsight) as a user runs it, over the jar this build made, laid out as in a checkout: it records
 * its start-up cache once per build, then runs from it; a rebuilt jar records a new one; HEAPSIGHT_AOT=off goes without.
 */
class LauncherIT {
    @TempDir
    static Path home;
    static Path target;

    @BeforeAll
    static void layOut() throws IOException {
        Path project = Path.of("..").toAbsolutePath().normalize();
        Files.createDirectories(home.resolve("scripts"));
        copyExecutable(project.resolve("heapsight"), home.resolve("heapsight"));
        copyExecutable(project.resolve("scripts/find-jdk"), home.resolve("scripts/find-jdk"));
        target = Files.createDirectories(home.resolve("heapsight-cli/target"));
        Files.copy(Path.of("target/heapsight.jar"), target.resolve("heapsight.jar"));
        Files.createDirectories(target.resolve("lib"));
        try (Stream<Path> libs = Files.list(Path.of("target/lib"))) {
            for (Path lib : libs.toList()) Files.copy(lib, target.resolve("lib").resolve(lib.getFileName()));
        }
    }

    @Test
    void recordsTheStartupCacheOnceThenStartsFromIt() throws Exception {
        Run first = launch(Map.of(), "--version");
        assertThat(first.code).as(first.err).isZero();
        assertThat(first.out).isEqualTo("heapsight 0.1.0\n");
        assertThat(first.err).isEqualTo("heapsight: recording the start-up cache (once per build, ~10 s) ...\n");
        Path cache = onlyCache();
        assertThat(Files.size(cache)).isGreaterThan(1 << 20);
        assertThat(leftovers()).isEmpty();
        FileTime made = Files.getLastModifiedTime(cache);

        // classes come from the cache: the JVM says so for each class it loads (to stdout, with this option)
        Run second = launch(Map.of("HEAPSIGHT_JAVA_OPTS", "-Xlog:class+load=info"), "--version");
        assertThat(second.code).isZero();
        assertThat(second.err).isEmpty();
        // (picocli's own classes are not: class files of Java 5 cannot be linked ahead of time)
        assertThat(second.out).contains("io.heapsight.cli.HeapsightCli source: shared objects file")
                .contains("io.heapsight.cli.AnalyzeCommand source: shared objects file")
                .contains("com.fasterxml.jackson.databind.ObjectMapper source: shared objects file");
        assertThat(Files.getLastModifiedTime(cache)).isEqualTo(made);

        // a rebuilt jar: the old cache no longer fits it, a new one is recorded in its place
        Files.setLastModifiedTime(target.resolve("heapsight.jar"), FileTime.fromMillis(made.toMillis() + 60_000));
        Run rebuilt = launch(Map.of(), "--version");
        assertThat(rebuilt.code).isZero();
        assertThat(rebuilt.err).contains("recording the start-up cache");
        assertThat(onlyCache()).isEqualTo(cache);
        assertThat(Files.getLastModifiedTime(cache).toMillis()).isGreaterThan(made.toMillis());
        assertThat(leftovers()).isEmpty();

        // without the cache on request: nothing recorded, nothing said, classes loaded from the jar
        Files.delete(cache);
        Run off = launch(Map.of("HEAPSIGHT_AOT", "off", "HEAPSIGHT_JAVA_OPTS", "-Xlog:class+load=info"), "--version");
        assertThat(off.code).isZero();
        assertThat(off.err).isEmpty();
        assertThat(off.out).doesNotContain("io.heapsight.cli.HeapsightCli source: shared objects file");
        try (Stream<Path> s = Files.list(target)) {
            assertThat(s.filter(p -> p.getFileName().toString().endsWith(".aot"))).isEmpty();
        }
    }

    private static Path onlyCache() throws IOException {
        try (Stream<Path> s = Files.list(target)) {
            List<Path> caches = s.filter(p -> p.getFileName().toString().matches("startup-\\d+\\.aot")).toList();
            assertThat(caches).hasSize(1);
            return caches.get(0);
        }
    }

    /** Temporaries of a recording and the failure log: none may stay. */
    private static List<Path> leftovers() throws IOException {
        try (Stream<Path> t = Files.list(target); Stream<Path> h = Files.list(home)) {
            return Stream.concat(t.filter(p -> p.getFileName().toString().startsWith(".startup-")),
                    h.filter(p -> p.getFileName().toString().equals("target-aot.log"))).toList();
        }
    }

    private record Run(int code, String out, String err) {}

    private static Run launch(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = Stream.concat(Stream.of(home.resolve("heapsight").toString()), Stream.of(args)).toList();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().remove("HEAPSIGHT_AOT");
        pb.environment().remove("HEAPSIGHT_JAVA_OPTS");
        pb.environment().putAll(env);
        Path out = Files.createTempFile(home, "out", ".txt"), err = Files.createTempFile(home, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("launcher did not finish in 120 s");
        }
        Run r = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    private static void copyExecutable(Path from, Path to) throws IOException {
        Files.copy(from, to);
        to.toFile().setExecutable(true);
    }
}

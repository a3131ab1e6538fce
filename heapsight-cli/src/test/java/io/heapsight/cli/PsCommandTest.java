package io.heapsight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heapsight.testkit.JdkLocator;
import io.heapsight.testkit.Processes;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PsCommandTest {

    @Test
    void listsAForkedJvmWithItsJavaVersionAndMainClass() throws Exception {
        try (ForkedJvm jvm = ForkedJvm.start(17, "idle")) {
            Cli.Result r = Cli.run("ps");
            assertThat(r.code()).isEqualTo(ExitCodes.OK);
            String line = r.out().lines().filter(l -> l.trim().startsWith(jvm.pid() + " ")).findFirst().orElseThrow(
                    () -> new AssertionError("pid " + jvm.pid() + " not listed:\n" + r.out()));
            assertThat(line).contains("17.").contains("HeapsightTarget");

            Cli.Result json = Cli.run("ps", "--json");
            JsonNode doc = new ObjectMapper().readTree(json.out());
            assertThat(doc.get("schemaVersion").asInt()).isEqualTo(1);
            JsonNode rows = doc.get("jvms");
            JsonNode mine = null;
            for (JsonNode n : rows) if (n.get("pid").asLong() == jvm.pid()) mine = n;
            assertThat(mine).isNotNull();
            assertThat(mine.get("javaVersion").asText()).startsWith("17.");
            assertThat(mine.get("rssBytes").asLong()).isGreaterThan(1_000_000L);
            // heapsight does not list itself
            for (JsonNode n : rows) assertThat(n.get("pid").asLong()).isNotEqualTo(ProcessHandle.current().pid());
        }
    }
}

/** Runs the CLI in-process and captures what it prints. */
final class Cli {
    record Result(int code, String out, String err) {}

    private static volatile ByteArrayOutputStream currentErr;

    /** What the running command has printed on stderr so far. */
    static String peekErr() {
        ByteArrayOutputStream e = currentErr;
        return e == null ? "" : e.toString(StandardCharsets.UTF_8);
    }

    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        currentErr = err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = HeapsightCli.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}

/**
 * A forked target JVM from a source file written here (so it runs on JDK 17 and 25 alike). Scenarios: idle
 * (retains 20,000 HeapsightTarget$Payload objects and sleeps) and leak (retains ~1 MB/s, allocates garbage).
 * It exits when its stdin closes, so a crashed test leaves nothing behind.
 */
record ForkedJvm(Process process, long pid, Path dir) implements AutoCloseable {
    static final String SOURCE = """
            import java.util.*;
            public class HeapsightTarget {
                static final class Payload { final byte[] data = new byte[100]; }
                static final List<Object> RETAINED = new ArrayList<>();
                static volatile Object sink;
                public static void main(String[] a) throws Exception {
                    Thread w = new Thread(() -> { try { while (System.in.read() >= 0) { } } catch (Exception e) { } System.exit(0); });
                    w.setDaemon(true);
                    w.start();
                    for (int i = 0; i < 20_000; i++) RETAINED.add(new Payload());
                    System.out.println("ready");
                    System.out.flush();
                    long end = System.currentTimeMillis() + 120_000;
                    while (System.currentTimeMillis() < end) {
                        if (a[0].equals("leak")) {
                            for (int i = 0; i < 400; i++) sink = new byte[1024];
                            for (int i = 0; i < 10; i++) RETAINED.add(new byte[1000]);
                        }
                        Thread.sleep(10);
                    }
                }
            }
            """;

    static ForkedJvm start(int jdk, String scenario, String... jvmArgs) throws IOException {
        Path dir = Files.createTempDirectory("heapsight-target");
        Path src = Files.writeString(dir.resolve("HeapsightTarget.java"), SOURCE);
        List<String> cmd = new ArrayList<>();
        cmd.add(JdkLocator.java(jdk).toString());
        cmd.addAll(List.of(jvmArgs));
        cmd.add(src.toString());
        cmd.add(scenario);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (!"ready".equals(line)) {
            p.destroyForcibly();
            throw new IOException("target did not start: " + line);
        }
        return new ForkedJvm(p, p.pid(), dir);
    }

    @Override
    public void close() {
        Processes.stop(process);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temp dir stays behind
        }
    }
}

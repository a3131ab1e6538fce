package io.heapsight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heapsight.demo.DemoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** `heapsight load` against the real demo, run in its own small-heap JVM as `investigate --demo` will run it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoadCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private Process demo;
    private String base;

    @BeforeAll
    void startDemo() throws Exception {
        demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseG1GC", "-cp", System.getProperty("java.class.path"),
                DemoServer.class.getName(), "--port", "0").redirectErrorStream(true).start();
        var reader = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
        base = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    if (line.startsWith(DemoServer.READY_PREFIX)) return line.substring(DemoServer.READY_PREFIX.length());
                }
            } catch (IOException ignored) {
                // fall through
            }
            throw new IllegalStateException("demo exited before it was ready");
        }).get(60, TimeUnit.SECONDS);
        Thread.ofPlatform().daemon().start(() -> {
            try {
                while (reader.readLine() != null) { /* drain */ }
            } catch (IOException ignored) {
                // gone
            }
        });
    }

    @AfterAll
    void stopDemo() throws Exception {
        if (demo != null) {
            demo.destroy();
            if (!demo.waitFor(10, TimeUnit.SECONDS)) demo.destroyForcibly();
        }
    }

    private JsonNode lastLineJson(DemoCommandTest.Result r) throws IOException {
        List<String> lines = r.out().strip().lines().toList();
        return JSON.readTree(lines.getLast());
    }

    @Test
    void leakyCacheIsALeakAndJsonIsTheLastLine() throws Exception {
        var r = DemoCommandTest.run("load", base + "/api/cache/leaky", "--requests", "1500", "-c", "4", "--json");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
        JsonNode json = lastLineJson(r);
        assertThat(json.get("verdict").asText()).isEqualTo("leak");
        assertThat(json.get("requests").asLong()).isEqualTo(1500);
        assertThat(json.get("errors").asLong()).isZero();
        // each request keeps a ~10 KB product in ProductCache.ENTRIES: at least 75% of 1500 x 10 KB
        assertThat(json.get("liveAfterBytes").asLong() - json.get("liveBeforeBytes").asLong())
                .isGreaterThan((long) (0.75 * 1500 * 10 * 1024));
        // stdout carries the JSON alone; the readings went to stderr as they were taken
        assertThat(r.out().strip().lines()).hasSize(1);
        assertThat(r.err()).containsPattern("(?m)^heapsight load: before: live set [\\d.]+ [KMG]?B");
    }

    @Test
    void boundedCacheIsStableAndDoesNotFailTheBuild() throws Exception {
        var r = DemoCommandTest.run("load", base + "/api/cache/bounded", "--requests", "1500", "-c", "4", "--json",
                "--fail-on-leak");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.OK);
        assertThat(lastLineJson(r).get("verdict").asText()).isEqualTo("no-leak");
    }

    @Test
    void failOnLeakExitsWithTheLeakCode() {
        var r = DemoCommandTest.run("load", base + "/api/staticstring", "--requests", "1000", "-c", "4", "--fail-on-leak");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.LEAK_FOUND);
        // the text result: the two readings, the load, the verdict last
        List<String> lines = r.out().strip().lines().toList();
        assertThat(lines.get(0)).matches("before: live set [\\d.]+ [KMG]?B.*\\(from http://127\\.0\\.0\\.1:\\d+/api/diagnostics\\)");
        assertThat(lines.get(1)).startsWith("after:  live set ");
        assertThat(lines.get(2)).startsWith("load: 1000 requests in ");
        assertThat(lines.getLast()).matches("live set [\\d.]+ [KMG]?B → [\\d.]+ [KMG]?B \\(\\+[\\d.]+ [KMG]?B, [\\d.]+ [KMG]?B per request\\) in .*: leak");
    }

    @Test
    void abortedWebsocketsLeakOnTheLeakyEndpointOnly() throws Exception {
        var leaky = DemoCommandTest.run("load", base + "/ws/prices", "--ws-abort", "--requests", "150", "-c", "4", "--json");
        assertThat(leaky.code()).as(leaky.err()).isEqualTo(ExitCodes.OK);
        JsonNode l = lastLineJson(leaky);
        assertThat(l.get("verdict").asText()).isEqualTo("leak");
        assertThat(l.get("outcomes").get("ws-aborted").asLong()).isEqualTo(150);

        var fixed = DemoCommandTest.run("load", base + "/ws/prices/fixed", "--ws-abort", "--requests", "150", "-c", "4", "--json");
        assertThat(lastLineJson(fixed).get("verdict").asText()).isEqualTo("no-leak");
    }

    @Test
    void durationBoundsTheRun() throws Exception {
        var r = DemoCommandTest.run("load", base + "/api/bigstring", "--duration", "2s", "-c", "2", "--json");
        JsonNode json = lastLineJson(r);
        assertThat(json.get("durationMs").asLong()).isBetween(1900L, 6000L);
        assertThat(json.get("verdict").asText()).isEqualTo("no-leak");
    }

    @Test
    void badInputIsOneLineWithItsExitCode() throws Exception {
        assertOneLine(DemoCommandTest.run("load", "127.0.0.1:8080"), ExitCodes.BAD_INPUT, "heapsight load: not a URL");
        assertOneLine(DemoCommandTest.run("load", "http://192.0.2.7/api/bigstring"), ExitCodes.USAGE,
                "heapsight load: 192.0.2.7 is not a loopback address");
        // a malformed option value is bad usage (2), with the verb and the option named, like every verb's
        var soon = DemoCommandTest.run("load", base + "/api/bigstring", "--duration", "soon");
        assertThat(soon.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(soon.err()).startsWith("heapsight load: invalid value for option '--duration': not a duration: 'soon'");
        assertOneLine(DemoCommandTest.run("load", base + "/api/bigstring", "-c", "0"), ExitCodes.BAD_INPUT,
                "heapsight load: concurrency must be 1..512, got 0");
        assertOneLine(DemoCommandTest.run("load", base + "/api/nothing-here"), ExitCodes.BAD_INPUT,
                "heapsight load: " + base + "/api/nothing-here answered HTTP 404");
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertOneLine(DemoCommandTest.run("load", "http://127.0.0.1:" + closed + "/x"), ExitCodes.ATTACH_FAILED,
                "heapsight load: cannot reach http://127.0.0.1:" + closed + "/x: connection refused");
    }

    private static void assertOneLine(DemoCommandTest.Result r, int code, String start) {
        assertThat(r.code()).as(r.err()).isEqualTo(code);
        assertThat(r.err().strip()).doesNotContain("\n").startsWith(start);
    }
}

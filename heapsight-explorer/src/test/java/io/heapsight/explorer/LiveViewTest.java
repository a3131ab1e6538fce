package io.heapsight.explorer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heapsight.analysis.AnalysisOptions;
import io.heapsight.heap.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** heapsight open --pid: samples of a forked JVM reach /api/live, and a dump taken there opens as dump 1. */
class LiveViewTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void liveSamplesAndADumpThatJoinsTheExplorer() throws Exception {
        Path source = dir.resolve("IdleTarget.java");
        Files.writeString(source, """
                public class IdleTarget {
                    static final java.util.List<byte[]> KEEP = new java.util.ArrayList<>();
                    public static void main(String[] a) throws Exception {
                        for (int i = 0; i < 200; i++) KEEP.add(new byte[4096]);
                        System.out.println("ready");
                        Thread.sleep(180_000);
                    }
                }
                """);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process target = new ProcessBuilder(java, "-Xmx64m", source.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("ready");
            Thread.sleep(2500); // a JVM younger than ~2 s may not answer the attach handshake
            Path dumps = Files.createDirectories(dir.resolve("dumps"));
            try (Explorer explorer = Explorer.open(List.of(), AnalysisOptions.defaults(), Progress.NONE)) {
                explorer.watch(LiveSession.start(target.pid(), dumps));
                try (ExplorerServer server = ExplorerServer.start(explorer, "127.0.0.1", 0, false)) {
                    HttpClient http = HttpClient.newHttpClient();
                    JsonNode session = JSON.readTree(http.send(HttpRequest.newBuilder(server.uri().resolve("/api/session")).build(),
                            HttpResponse.BodyHandlers.ofString()).body());
                    assertThat(session.get("live").get("pid").asLong()).isEqualTo(target.pid());

                    JsonNode live = null;
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (System.nanoTime() < deadline) {
                        live = JSON.readTree(http.send(HttpRequest.newBuilder(server.uri().resolve("/api/live")).build(),
                                HttpResponse.BodyHandlers.ofString()).body());
                        if (live.get("samples").size() >= 2) break;
                        Thread.sleep(500);
                    }
                    assertThat(live.get("samples").size()).as(live.toString()).isGreaterThanOrEqualTo(2);
                    assertThat(live.get("samples").get(0).get("heapUsed").asLong()).isPositive();
                    assertThat(live.get("verdict").get("kind").asText()).isNotBlank();

                    HttpResponse<String> forged = http.send(HttpRequest.newBuilder(server.uri().resolve("/api/live/dump"))
                            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(forged.statusCode()).isEqualTo(400);
                    assertThat(explorer.dumps()).isEmpty();

                    HttpResponse<String> taken = http.send(HttpRequest.newBuilder(server.uri().resolve("/api/live/dump"))
                            .header("X-Heapsight-Action", "dump").POST(HttpRequest.BodyPublishers.noBody()).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);
                    assertThat(JSON.readTree(taken.body()).get("id").asInt()).isEqualTo(1);
                    assertThat(explorer.dumps()).hasSize(1);
                    assertThat(explorer.dumps().get(0).path().getParent()).isEqualTo(dumps);
                    // the target's class (no instances: only its static list) is in the new dump
                    HttpResponse<String> cls = http.send(HttpRequest.newBuilder(server.uri().resolve("/api/dumps/1/classes/IdleTarget")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(cls.statusCode()).as(cls.body()).isEqualTo(200);
                }
            }
        } finally {
            target.destroyForcibly();
            target.waitFor(10, TimeUnit.SECONDS);
        }
    }
}

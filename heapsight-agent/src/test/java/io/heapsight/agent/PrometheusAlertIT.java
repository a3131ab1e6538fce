package io.heapsight.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.heapsight.agent.AppJvm.agentArg;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end: a real Prometheus server on loopback scrapes a forked JVM running the agent and a leaking workload,
 * evaluates docs/prometheus-alerts.yml, and the leak alert reaches "firing". The rules are loaded as written except
 * their `for:` durations (minutes in production), shortened to seconds so the test ends within about two minutes;
 * the durations themselves are checked by promtool's unit tests (AlertRulesTest).
 */
class PrometheusAlertIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aRealPrometheusFiresTheLeakAlertForALeakingJvm(@TempDir Path dir) throws Exception {
        Path prometheus = Promtool.binary("prometheus");
        String rules = Files.readString(Promtool.DOCS.resolve("prometheus-alerts.yml")).replaceAll("for: \\d+m", "for: 5s");
        assertThat(rules).doesNotContainPattern("for: \\d+[mh]");
        Files.writeString(dir.resolve("rules.yml"), rules);
        try (AppJvm app = AppJvm.start(25, List.of("-Xmx512m", agentArg("port=0,host=127.0.0.1,interval=250ms,warmup=2s")),
                "leak", "180", "64")) {
            int agentPort = app.port();
            int promPort = freePort();
            Files.writeString(dir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    rule_files:
                      - rules.yml
                    scrape_configs:
                      - job_name: heapsight
                        static_configs:
                          - targets: ["127.0.0.1:%d"]
                    """.formatted(agentPort));
            Process server = new ProcessBuilder(prometheus.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + promPort,
                    "--storage.tsdb.retention.time=1h")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            try {
                String firing = "ALERTS{alertname=\"JvmMemoryLeakSuspected\",alertstate=\"firing\"}";
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
                String last = "";
                while (System.nanoTime() < deadline && !hasResult(last)) {
                    Thread.sleep(1000);
                    last = query(promPort, firing);
                }
                assertThat(hasResult(last)).as("the alert did not fire within 150 s; last answer %s; targets %s; log %s",
                        last, get(promPort, "/api/v1/targets"), Files.readString(dir.resolve("prometheus.log"))).isTrue();
                assertThat(last).contains("\"instance\":\"127.0.0.1:" + agentPort + "\"", "\"heapsight_leak_verdict\":\"leak\"");
                // the extrapolating rule sees the same leak in the raw after-GC series
                assertThat(query(promPort, "ALERTS{alertname=\"JvmLiveSetWillExhaustHeap\"}")).contains("JvmLiveSetWillExhaustHeap");
                assertThat(query(promPort, "ALERTS{alertname=\"JvmNativeMemoryGrowth\"}")).doesNotContain("JvmNativeMemoryGrowth\"");
            } finally {
                server.destroy();
                if (!server.waitFor(20, TimeUnit.SECONDS)) server.destroyForcibly();
            }
        }
    }

    private static boolean hasResult(String answer) {
        return answer.contains("\"status\":\"success\"") && !answer.contains("\"result\":[]");
    }

    private static String query(int port, String promql) {
        return get(port, "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    private static String get(int port, String path) {
        try {
            HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build();
            return HTTP.send(r, HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "(no answer: " + e + ")";
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

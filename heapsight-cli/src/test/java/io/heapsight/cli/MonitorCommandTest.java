package io.heapsight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class MonitorCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void leakingTargetJsonLinesCsvMetricsAndThresholdDump(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("samples.csv");
        Path html = dir.resolve("monitor.html");
        try (ForkedJvm jvm = ForkedJvm.start(25, "leak", "-Xmx128m", "-XX:+UseParallelGC")) {
            CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run("monitor", Long.toString(jvm.pid()),
                    "--duration", "16s", "--warmup", "2s", "--json", "--csv", csv.toString(), "--html", html.toString(),
                    "--prometheus", "127.0.0.1:0",
                    "--dump-at", "5%", "--out-dir", dir.toString(), "--fail-on-leak"));
            // scrape while it runs: port 0 picks a free port, which the command announces on stderr
            String metrics = scrapeWhileRunning(run);
            Cli.Result r = run.get(60, TimeUnit.SECONDS);

            List<JsonNode> lines = new ArrayList<>();
            for (String l : r.out().split("\n")) if (!l.isBlank()) lines.add(JSON.readTree(l));
            List<JsonNode> samples = lines.stream().filter(n -> n.get("type").asText().equals("sample")).toList();
            JsonNode summary = lines.getLast();
            assertThat(summary.get("type").asText()).isEqualTo("summary");
            // 16 s at 1 s: 17 samples, allow for a slow machine
            assertThat(samples).hasSizeBetween(12, 18);
            assertThat(summary.get("samples").asInt()).isEqualTo(samples.size());
            assertThat(summary.get("verdict").asText()).as(summary.toString()).isEqualTo("leak");
            assertThat(r.code()).isEqualTo(ExitCodes.LEAK_FOUND);
            // 10 x byte[1000] (1016 B) per >= 10 ms step: at most ~58 MB/min
            assertThat(summary.get("liveSetSlopeBytesPerMin").asDouble() / (1024 * 1024)).isBetween(10.0, 70.0);
            assertThat(summary.get("confidence").asDouble()).isBetween(0.0, 1.0);
            JsonNode first = samples.getFirst();
            assertThat(first.get("heapMax").asLong()).isGreaterThan(100L * 1024 * 1024);
            assertThat(first.get("pools").size()).isGreaterThan(3);
            assertThat(first.get("threads").asInt()).isPositive();
            assertThat(first.get("rssBytes").asLong()).isPositive();

            // --dump-at 5%: the post-GC heap passes 6.4 MB within seconds; one dump, complete
            JsonNode dumps = summary.get("dumps");
            assertThat(dumps.size()).isEqualTo(1);
            Path dump = Path.of(dumps.get(0).get("path").asText());
            assertThat(DumpCommandTest.walkHprof(dump)[0]).isEqualTo(Files.size(dump));
            DumpCommandTest.assertAnalyzable(dump); // the evidence a trigger captured is what analyze reads
            assertThat(lines).anyMatch(n -> n.get("type").asText().equals("message")
                    && n.get("message").asText().startsWith("dumping live heap"));

            List<String> csvLines = Files.readAllLines(csv);
            assertThat(csvLines.getFirst()).startsWith("time,uptime_ms,heap_used");
            assertThat(csvLines).hasSize(samples.size() + 1);

            assertThat(metrics).contains("# TYPE jvm_memory_used_bytes gauge").contains("heapsight_live_set_bytes")
                    .contains("jvm_gc_duration_seconds_bucket").endsWith("# EOF\n");

            // --html: the same run as a page; its data is the samples and verdict the JSON lines reported
            assertThat(r.err()).contains("heapsight monitor: wrote " + html);
            JsonNode page = pageData(Files.readString(html));
            assertThat(page.at("/fields/verdict").asText()).isEqualTo("leak");
            assertThat(page.at("/fields/target").asText()).startsWith("pid " + jvm.pid() + " · Java 25").endsWith(" · PS Scavenge, PS MarkSweep");
            JsonNode memory = page.at("/charts/1");
            assertThat(memory.at("/id").asText()).isEqualTo("memory");
            int heapUsed = 0;
            for (JsonNode y : memory.at("/ys/0")) if (!y.isNull()) heapUsed++;
            assertThat(heapUsed).isEqualTo(samples.size());
            assertThat(page.at("/charts/0/xs").size()).as("live-set points").isGreaterThan(3);
            assertThat(page.at("/charts/0/series/2/label").asText()).isEqualTo("trend (Theil–Sen)");
        }
    }

    static JsonNode pageData(String html) throws Exception {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"heapsight-charts\">(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).as("the page's data block").isTrue();
        return JSON.readTree(m.group(1));
    }

    /** Waits for the announced metrics address, lets a few samples arrive, then scrapes once. */
    private static String scrapeWhileRunning(CompletableFuture<Cli.Result> run) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Pattern port = Pattern.compile("metrics at http://127\\.0\\.0\\.1:(\\d+)/metrics");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(14);
        while (System.nanoTime() < deadline && !run.isDone()) {
            Matcher m = port.matcher(Cli.peekErr());
            if (m.find()) {
                Thread.sleep(4000);   // a few samples in
                HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.group(1) + "/metrics"))
                        .header("Accept", "application/openmetrics-text; version=1.0.0").build(), HttpResponse.BodyHandlers.ofString());
                assertThat(resp.statusCode()).isEqualTo(200);
                HttpResponse<String> report = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.group(1) + "/report"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(report.statusCode()).isEqualTo(200);
                assertThat(pageData(report.body()).at("/charts/1/xs").size()).as("samples so far").isGreaterThan(1);
                return resp.body();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the metrics address was never announced");
    }

    @Test
    void anHtmlPathThatIsADirectoryIsRefusedBeforeWatching(@TempDir Path dir) {
        Cli.Result r = Cli.run("monitor", "999999999", "--duration", "1s", "--html", dir.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err().strip()).isEqualTo("heapsight monitor: --html " + dir + " is a directory");
    }

    @Test
    void plainLinesWhenNotATerminal() throws Exception {
        try (ForkedJvm jvm = ForkedJvm.start(17, "idle", "-Xmx64m")) {
            Cli.Result r = Cli.run("monitor", Long.toString(jvm.pid()), "--duration", "3s");
            assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
            assertThat(r.out()).contains(" heap ").contains("verdict: INCONCLUSIVE");
            assertThat(r.err()).contains("watching pid " + jvm.pid()).contains("Java 17");
        }
    }

    @Test
    void targetKilledMidWatchEndsWithExitSixAndOneLine() throws Exception {
        try (ForkedJvm jvm = ForkedJvm.start(25, "idle", "-Xmx64m")) {
            CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run("monitor", Long.toString(jvm.pid()),
                    "--duration", "60s", "--probe-gc", "5s"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Cli.peekErr().contains("probe GC #1") && System.nanoTime() < deadline) Thread.sleep(100);
            Thread.sleep(2000);
            jvm.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            Cli.Result r = run.get(60, TimeUnit.SECONDS);
            assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.ATTACH_FAILED);
            String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
            assertThat(last).startsWith("heapsight monitor: target pid " + jvm.pid() + " exited after ").endsWith("the summary covers them");
            assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
            // the summary of what was seen is still printed, probes counted
            assertThat(r.out()).contains("summary after ").contains("(the target exited before the end)").contains("probe GCs: ");
        }
    }

    @Test
    void otlpPushesTheSameMetricsAndTheLastPushCarriesTheFinalVerdict() throws Exception {
        List<ExportMetricsServiceRequest> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        // an OTLP/HTTP receiver, as a collector: the body decoded with the protocol's own classes
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/metrics", ex -> {
            try (ex) {
                received.add(ExportMetricsServiceRequest.parseFrom(ex.getRequestBody().readAllBytes()));
                ex.sendResponseHeaders(200, -1);
            }
        });
        collector.start();
        try (ForkedJvm jvm = ForkedJvm.start(25, "leak", "-Xmx128m", "-XX:+UseParallelGC")) {
            String url = "http://127.0.0.1:" + collector.getAddress().getPort();
            Cli.Result r = Cli.run("monitor", Long.toString(jvm.pid()), "--duration", "8s", "--warmup", "2s", "--json",
                    "--otlp", url, "--otlp-interval", "2s");
            assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
            assertThat(r.err()).contains("heapsight monitor: pushing metrics to " + url + "/v1/metrics (OTLP) every 2.0 s");
            // pushes at ~2, 4, 6 s and one at the end
            assertThat(received).hasSizeBetween(2, 6);
            String[] lines = r.out().strip().split("\n");
            String verdict = JSON.readTree(lines[lines.length - 1]).get("verdict").asText();
            ExportMetricsServiceRequest last = received.get(received.size() - 1);
            Map<String, Double> states = new java.util.HashMap<>();
            long pid = -1;
            for (var kv : last.getResourceMetrics(0).getResource().getAttributesList()) {
                if (kv.getKey().equals("process.pid")) pid = kv.getValue().getIntValue();
            }
            assertThat(pid).isEqualTo(jvm.pid());
            List<String> names = new ArrayList<>();
            for (var m : last.getResourceMetrics(0).getScopeMetrics(0).getMetricsList()) {
                names.add(m.getName());
                if (m.getName().equals("heapsight_leak_verdict")) {
                    for (var p : m.getGauge().getDataPointsList()) states.put(p.getAttributes(0).getValue().getStringValue(), p.getAsDouble());
                }
            }
            assertThat(names).contains("heapsight_live_set_bytes", "jvm_memory_used_bytes", "jvm_gc_duration_seconds", "jvm_cpu_time_seconds");
            assertThat(states).as("the summary's verdict %s", verdict).containsEntry(verdict, 1.0)
                    .hasSize(4).containsValues(0.0).doesNotContainEntry(verdict, 0.0);
        } finally {
            collector.stop(0);
        }
        Cli.Result bad = Cli.run("monitor", "1", "--otlp", "collector:4318");
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err().strip()).startsWith("heapsight monitor: --otlp needs the collector's http(s) address");
    }

    @Test
    void usageAndAttachErrors() {
        assertThat(Cli.run("monitor").code()).isEqualTo(ExitCodes.USAGE);
        Cli.Result badPct = Cli.run("monitor", "1", "--dump-at", "lots");
        assertThat(badPct.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badPct.err()).contains("not a percentage");
        Cli.Result badDuration = Cli.run("monitor", "1", "--duration", "forever");
        assertThat(badDuration.code()).isEqualTo(ExitCodes.USAGE);
        Cli.Result tooOften = Cli.run("monitor", "1", "--probe-gc", "1s");
        assertThat(tooOften.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(tooOften.err().strip()).isEqualTo("heapsight monitor: --probe-gc must be at least 5s");
        Cli.Result gone = Cli.run("monitor", "4999999", "--duration", "2s");
        assertThat(gone.code()).isEqualTo(ExitCodes.ATTACH_FAILED);
        assertThat(gone.err().trim()).startsWith("heapsight monitor: no process with pid 4999999").doesNotContain("\n");
    }
}

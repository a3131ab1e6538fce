package io.heapsight.agent;

import io.heapsight.common.LeakVerdict;
import io.heapsight.monitor.GcEvent;
import io.heapsight.monitor.PoolUsage;
import io.heapsight.monitor.Sample;
import io.heapsight.monitor.Verdict;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scrapes the exporter over HTTP and parses the exposition strictly. */
class PrometheusExporterTest {
    static final long MB = 1024 * 1024;
    static final Pattern SAMPLE = Pattern.compile(
            "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\"(?:,(?=[a-zA-Z_]))?)*\\})? (\\S+)$");
    static final Pattern META = Pattern.compile("^# (TYPE|UNIT|HELP) ([a-zA-Z_:][a-zA-Z0-9_:]*)( .*)?$");

    static Sample sample() {
        GcEvent young = new GcEvent(9_990, "G1 Young Generation", "end of minor GC", "G1 Evacuation Pause", 5,
                40 * MB, 42 * MB, 90 * MB, 44 * MB);
        GcEvent slow = new GcEvent(9_995, "G1 Young Generation", "end of minor GC", "G1 Evacuation Pause", 150,
                42 * MB, 43 * MB, 90 * MB, 45 * MB);
        return new Sample(10_000, 1_700_000_000_000L, 60 * MB, 128 * MB, 256 * MB,
                List.of(new PoolUsage("G1 Eden Space", true, 17 * MB, 80 * MB, -1),
                        new PoolUsage("G1 Old Gen", true, 43 * MB, 48 * MB, 256 * MB),
                        new PoolUsage("Metaspace", false, 20 * MB, 21 * MB, -1)),
                "G1 Old Gen", 43 * MB, 43 * MB, 45 * MB, List.of(), 2, 155, 1_000_000, 5e6, 300 * MB, 110 * MB, 0.25, 2_500_000_000L,
                31, 77, 3 * MB, 0, 4000, 20 * MB, 40 * MB, List.of(young, slow));
    }

    @Test
    void openMetricsScrapeParsesAndCarriesTheValues() throws Exception {
        Verdict v = new Verdict(LeakVerdict.LEAK, 5 * MB, 4 * MB, 6 * MB, 0.9, 30, 20, 15, 43 * MB, 256 * MB, 1.95,
                2556, -1, -1, 1, 1, 1, 0, 10, "test");
        try (PrometheusExporter exporter = PrometheusExporter.start("127.0.0.1:0")) {
            exporter.update(sample(), v);
            String url = "http://127.0.0.1:" + exporter.address().getPort() + "/metrics";
            HttpResponse<String> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("Accept", "application/openmetrics-text; version=1.0.0").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(resp.statusCode()).isEqualTo(200);
            assertThat(resp.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
            Map<String, Double> values = parse(resp.body(), true);

            assertThat(values.get("jvm_memory_used_bytes{jvm_memory_pool_name=\"G1 Old Gen\",jvm_memory_type=\"heap\"}"))
                    .isEqualTo(43.0 * MB);
            assertThat(values.get("jvm_memory_limit_bytes{jvm_memory_pool_name=\"G1 Old Gen\",jvm_memory_type=\"heap\"}"))
                    .isEqualTo(256.0 * MB);
            assertThat(values.get("jvm_memory_committed_bytes{jvm_memory_pool_name=\"Metaspace\",jvm_memory_type=\"non_heap\"}"))
                    .isEqualTo(21.0 * MB);
            // 5 ms lands in le=0.01, 150 ms in le=1
            String gc = "jvm_gc_action=\"end of minor GC\",jvm_gc_name=\"G1 Young Generation\"";
            assertThat(values.get("jvm_gc_duration_seconds_bucket{" + gc + ",le=\"0.01\"}")).isEqualTo(1.0);
            assertThat(values.get("jvm_gc_duration_seconds_bucket{" + gc + ",le=\"0.1\"}")).isEqualTo(1.0);
            // the Prometheus Java client spells the bound 1.0 (OpenMetrics canonical float form)
            assertThat(values.get("jvm_gc_duration_seconds_bucket{" + gc + ",le=\"1.0\"}")).isEqualTo(2.0);
            assertThat(values.get("jvm_gc_duration_seconds_count{" + gc + "}")).isEqualTo(2.0);
            assertThat(values.get("jvm_gc_duration_seconds_sum{" + gc + "}")).isEqualTo(0.155, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(values.get("jvm_thread_count")).isEqualTo(31.0);
            assertThat(values.get("jvm_cpu_time_seconds_total")).isEqualTo(2.5);
            assertThat(values.get("process_memory_usage_bytes")).isEqualTo(300.0 * MB);
            assertThat(values.get("heapsight_heap_resident_bytes")).isEqualTo(110.0 * MB);
            assertThat(values.get("jvm_buffer_memory_used_bytes{jvm_buffer_pool_name=\"direct\"}")).isEqualTo(3.0 * MB);
            assertThat(values.get("heapsight_live_set_bytes")).isEqualTo(43.0 * MB);
            assertThat(values.get("heapsight_live_set_slope_bytes_per_minute")).isEqualTo(5.0 * MB);
            assertThat(values.get("heapsight_leak_verdict{heapsight_leak_verdict=\"leak\"}")).isEqualTo(1.0);
            assertThat(values.get("heapsight_leak_verdict{heapsight_leak_verdict=\"no-leak\"}")).isEqualTo(0.0);
        }
    }

    @Test
    void plainTextFormatForScrapersThatDoNotAskForOpenMetrics() throws Exception {
        try (PrometheusExporter exporter = PrometheusExporter.start("127.0.0.1:0")) {
            exporter.update(sample(), Verdict.inconclusive(1, 0, "x"));
            String url = "http://127.0.0.1:" + exporter.address().getPort() + "/metrics";
            HttpResponse<String> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(resp.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
            Map<String, Double> values = parse(resp.body(), false);
            assertThat(values.get("heapsight_leak_verdict{heapsight_leak_verdict=\"inconclusive\"}")).isEqualTo(1.0);
            assertThat(resp.body()).doesNotContain("# EOF").doesNotContain("# UNIT");
        }
    }

    @Test
    void prometheusAddressesDefaultToLoopback() {
        assertThat(PrometheusExporter.parseAddress("9404").getHostString()).isEqualTo("127.0.0.1");
        assertThat(PrometheusExporter.parseAddress(":9404").getPort()).isEqualTo(9404);
        assertThat(PrometheusExporter.parseAddress("0.0.0.0:9405").getHostString()).isEqualTo("0.0.0.0");
        assertThatThrownBy(() -> PrometheusExporter.parseAddress("host:port")).hasMessageContaining("not host:port");
    }

    /** Strict line parser: every sample belongs to a family declared before it; OpenMetrics ends with # EOF. */
    static Map<String, Double> parse(String body, boolean openMetrics) {
        String[] lines = body.split("\n", -1);
        assertThat(lines[lines.length - 1]).as("ends with a newline").isEmpty();
        Map<String, String> types = new HashMap<>();
        Map<String, Double> values = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            if (openMetrics && i == lines.length - 2) {
                assertThat(line).isEqualTo("# EOF");
                break;
            }
            Matcher meta = META.matcher(line);
            if (meta.matches()) {
                if (meta.group(1).equals("TYPE")) {
                    assertThat(types.put(meta.group(2), meta.group(3).trim())).as("family declared once: " + line).isNull();
                }
                if (meta.group(1).equals("UNIT")) assertThat(meta.group(2)).endsWith("_" + meta.group(3).trim());
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("sample line: " + line).isTrue();
            String name = m.group(1);
            String family = types.containsKey(name) ? name
                    : name.replaceFirst("(_total|_bucket|_count|_sum)$", "");
            assertThat(types).as("family of " + name).containsKey(family);
            double value = switch (m.group(3)) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "NaN" -> Double.NaN;
                default -> Double.parseDouble(m.group(3));
            };
            String key = name + (m.group(2) == null ? "" : m.group(2));
            assertThat(seen.add(key)).as("no duplicate series: " + key).isTrue();
            values.put(key, value);
        }
        return values;
    }
}

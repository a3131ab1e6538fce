package io.heapsight.agent;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.heapsight.agent.AppJvm.agentArg;
import static io.heapsight.agent.AppJvm.scrape;
import static io.heapsight.agent.OtlpReceiver.gaugePoint;
import static io.heapsight.agent.OtlpReceiver.metrics;
import static org.assertj.core.api.Assertions.assertThat;

/** otlp=URL: the agent in a forked JVM pushes what /metrics serves to an OTLP/HTTP receiver decoding the protobuf. */
class OtlpExportIT {
    private static final Map<String, String> LEAK = Map.of("heapsight_leak_verdict", "leak");

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void theLiveSetAndTheLeakVerdictReachTheCollectorWithTheSameMetricsAsPrometheusGets(int jdk) throws Exception {
        try (OtlpReceiver collector = OtlpReceiver.start(0);
             AppJvm app = AppJvm.start(jdk, List.of("-Xmx512m",
                     agentArg("port=0,host=127.0.0.1,interval=250ms,warmup=2s,otlpInterval=1s,otlp=" + collector.url())), "leak", "150", "64")) {
            int port = app.port();
            ExportMetricsServiceRequest req = collector.waitFor(r -> gaugePoint(r, "heapsight_leak_verdict", LEAK)
                    .map(p -> p.getAsDouble() == 1).orElse(false), 120);
            assertThat(collector.contentTypes).allMatch("application/x-protobuf"::equals);
            assertThat(app.stderr).anyMatch(l -> l.equals("heapsight-agent: pushing metrics to " + collector.url()
                    + "/v1/metrics (OTLP) every 1.0 s"));

            assertThat(gaugePoint(req, "heapsight_leak_verdict", Map.of("heapsight_leak_verdict", "no-leak")).orElseThrow().getAsDouble()).isZero();
            Metric live = metrics(req, "heapsight_live_set_bytes").get(0);
            assertThat(live.getUnit()).isEqualTo("By");
            assertThat(live.getGauge().getDataPoints(0).getAsDouble()).isPositive();
            // the slope pushed is the one the workload's own count of retained bytes implies, as AgentIT checks /metrics
            double slope = gaugePoint(req, "heapsight_live_set_slope_bytes_per_minute", Map.of()).orElseThrow().getAsDouble();
            double kept = app.keptBytesPerMinute();
            assertThat(slope).as("slope vs the workload's %.0f B/min", kept).isBetween(0.6 * kept, 1.7 * kept);

            assertThat(gaugePoint(req, "jvm_memory_used_bytes", Map.of("jvm_memory_type", "heap"))).isPresent();
            Metric cpu = metrics(req, "heapsight_agent_cpu_seconds").get(0);
            assertThat(cpu.getUnit()).isEqualTo("s");
            assertThat(cpu.getSum().getIsMonotonic()).isTrue();
            assertThat(cpu.getSum().getAggregationTemporality()).isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
            Metric gc = metrics(req, "jvm_gc_duration_seconds").get(0);
            HistogramDataPoint h = gc.getHistogram().getDataPoints(0);
            assertThat(h.getExplicitBoundsList()).containsExactly(0.01, 0.1, 1.0, 10.0);
            assertThat(h.getBucketCountsList()).hasSize(5);
            assertThat(h.getBucketCountsList().stream().mapToLong(Long::longValue).sum()).isEqualTo(h.getCount()).isPositive();
            assertThat(OtlpReceiver.resourceAttribute(req, "process.pid")).isEqualTo(Long.toString(app.process.pid()));

            // the same families as /metrics: every family with a sample there is in the push
            Set<String> pushed = req.getResourceMetrics(0).getScopeMetrics(0).getMetricsList().stream().map(Metric::getName)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(pushed).containsAll(familiesWithSamples(scrape(port, true).body()));
            NumberDataPoint p = live.getGauge().getDataPoints(0);
            assertThat(p.getTimeUnixNano()).isGreaterThan(p.getStartTimeUnixNano());
        }
    }

    @Test
    void anUnreachableCollectorIsOneLinePerTryWithBackoffAndTheApplicationRunsOn() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/v1/metrics";
        try (AppJvm app = AppJvm.start(17, List.of(agentArg("port=0,host=127.0.0.1,interval=250ms,otlpInterval=1s,otlp=http://127.0.0.1:" + port)),
                "flat", "25")) {
            int metricsPort = app.port();
            Pattern failed = Pattern.compile("heapsight-agent: OTLP export to " + Pattern.quote(url) + " failed \\((.+)\\); next try in (.+)");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (app.stderr.stream().filter(l -> failed.matcher(l).matches()).count() < 3 && System.nanoTime() < deadline) Thread.sleep(100);
            List<String> waits = app.stderr.stream().map(failed::matcher).filter(Matcher::matches).map(m -> m.group(2)).toList();
            // pushes at 1 s, then 2, 4 and 8 s apart: the interval doubled per failure
            assertThat(waits).startsWith("2.0 s", "4.0 s", "8.0 s");
            assertThat(app.stderr.stream().map(failed::matcher).filter(Matcher::matches).map(m -> m.group(1))).allMatch("connection refused"::equals);
            assertThat(scrape(metricsPort, false).statusCode()).isEqualTo(200);
            try (OtlpReceiver collector = OtlpReceiver.start(port)) {
                collector.waitFor(r -> !metrics(r, "jvm_class_count").isEmpty(), 15);
                String works = "heapsight-agent: OTLP export to " + url + " works again after 3 failed pushes";
                for (int i = 0; i < 50 && !app.stderr.contains(works); i++) Thread.sleep(100);   // said once the answer is in
                assertThat(app.stderr).contains(works);
            }
            assertThat(app.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(app.process.exitValue()).isZero();
            // one line each: no stack trace, no java.util.logging record of the SDK's own
            assertThat(app.stderr).allMatch(l -> l.startsWith("heapsight-agent: ") || l.isBlank(), "only the agent's one-line messages");
        }
    }

    @Test
    void aCollectorThatRefusesIsOneLinePerTryAndTheSdksOwnLoggingStaysSilent() throws Exception {
        try (OtlpReceiver collector = OtlpReceiver.start(0)) {
            collector.refuse.set(2);
            try (AppJvm app = AppJvm.start(17, List.of(agentArg("port=0,host=127.0.0.1,interval=250ms,otlpInterval=1s,otlp=" + collector.url())),
                    "flat", "12")) {
                collector.waitFor(r -> !metrics(r, "jvm_class_count").isEmpty(), 20);
                assertThat(app.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
                String url = collector.url() + "/v1/metrics";
                assertThat(app.stderr).contains(
                        "heapsight-agent: OTLP export to " + url + " failed (HTTP 503); next try in 2.0 s",
                        "heapsight-agent: OTLP export to " + url + " failed (HTTP 503); next try in 4.0 s",
                        "heapsight-agent: OTLP export to " + url + " works again after 2 failed pushes");
                // the SDK logs a refused export through java.util.logging ("WARNING: Failed to export ..."): not here
                assertThat(app.stderr).allMatch(l -> l.startsWith("heapsight-agent: ") || l.isBlank(), "only the agent's one-line messages");
            }
        }
    }

    @Test
    void inAnImageWithoutJavaNetHttpOtlpSaysSoOnceAndMetricsAreStillServed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path classes)
            throws Exception {
        Process javac = new ProcessBuilder(io.heapsight.testkit.JdkLocator.find(17).orElseThrow().resolve("bin/javac").toString(),
                "-d", classes.toString(), java.nio.file.Path.of("src/test/resources/workloads/LeakyApp.java").toAbsolutePath().toString())
                .inheritIO().start();
        assertThat(javac.waitFor()).isZero();
        try (AppJvm app = AppJvm.startClass(17, List.of("--limit-modules",
                "java.base,java.logging,java.management,java.instrument,jdk.management,jdk.httpserver",
                agentArg("port=0,host=127.0.0.1,interval=250ms,otlpInterval=1s,otlp=http://127.0.0.1:9"), "-cp", classes.toString()),
                "flat", "6")) {
            int port = app.port();
            assertThat(app.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(app.process.exitValue()).isZero();
            assertThat(app.stderr.stream().filter(l -> l.startsWith("heapsight-agent: OTLP export cannot run here (")
                    && l.endsWith("); the metrics stay at /metrics only"))).hasSize(1);
            assertThat(port).isPositive();
        }
    }

    @Test
    void theOpenTelemetrySdkIsRelocatedInsideTheJarWithItsHttpSenderFoundByItsRelocatedName() throws Exception {
        try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(AppJvm.AGENT_JAR.toFile())) {
            List<String> names = jar.stream().map(java.util.zip.ZipEntry::getName).toList();
            assertThat(names).contains("io/heapsight/agent/shaded/opentelemetry/exporter/otlp/http/metrics/OtlpHttpMetricExporter.class",
                    "io/heapsight/agent/shaded/opentelemetry/sdk/metrics/data/MetricData.class");
            assertThat(names).noneMatch(n -> n.startsWith("io/opentelemetry/") || n.startsWith("META-INF/services/io.opentelemetry"));
            String sender = new String(jar.getInputStream(jar.getEntry(
                    "META-INF/services/io.heapsight.agent.shaded.opentelemetry.sdk.common.export.HttpSenderProvider")).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8).trim();
            assertThat(sender).isEqualTo("io.heapsight.agent.shaded.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider");
            assertThat(names).contains(sender.replace('.', '/') + ".class");
        }
    }

    /** Metric families of an OpenMetrics exposition that have at least one sample. */
    private static Set<String> familiesWithSamples(String exposition) {
        Set<String> out = new TreeSet<>();
        for (String l : exposition.split("\n")) {
            if (!l.startsWith("# TYPE ")) continue;
            String family = l.split(" ")[2];
            if (exposition.lines().anyMatch(s -> !s.startsWith("#") && s.startsWith(family))) out.add(family);
        }
        return out;
    }
}

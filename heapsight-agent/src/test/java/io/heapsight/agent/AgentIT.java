package io.heapsight.agent;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.VirtualMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static io.heapsight.agent.AppJvm.agentArg;
import static io.heapsight.agent.AppJvm.scrape;
import static io.heapsight.agent.AppJvm.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The agent jar in forked JVMs of the JDKs users run (17 and 25): metrics, verdict, dumps, loading, failures. */
class AgentIT {
    private static final String LEAK = "heapsight_leak_verdict{heapsight_leak_verdict=\"leak\"}";

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void aLeakingApplicationIsJudgedALeakFromInsideAndItsSlopeMatchesWhatItKeeps(int jdk) throws Exception {
        try (AppJvm app = AppJvm.start(jdk, List.of("-Xmx512m", agentArg("port=0,host=127.0.0.1,interval=250ms,warmup=2s")),
                "leak", "150", "64")) {
            int port = app.port();
            String metrics = waitFor(port, m -> value(m, LEAK) == 1, 120);
            HttpResponse<String> om = scrape(port, true);
            assertThat(om.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
            assertThat(om.body()).contains("# TYPE heapsight_leak_verdict stateset", "# UNIT jvm_memory_used_bytes bytes")
                    .endsWith("# EOF\n");
            assertThat(value(metrics, "heapsight_leak_verdict{heapsight_leak_verdict=\"no-leak\"}")).isZero();
            assertThat(metrics).containsPattern("jvm_memory_used_bytes\\{jvm_memory_pool_name=\"[^\"]*Old Gen\",jvm_memory_type=\"heap\"}")
                    .contains("jvm_gc_duration_seconds_bucket{jvm_gc_action=", "jvm_thread_count ", "process_memory_usage_bytes ",
                            "heapsight_heap_resident_bytes ");
            // the workload says what it keeps; the agent only sees the old generation after GC
            double kept = app.keptBytesPerMinute();
            double slope = value(metrics, "heapsight_live_set_slope_bytes_per_minute");
            assertThat(slope).as("slope vs the workload's %.0f B/min", kept).isBetween(0.6 * kept, 1.7 * kept);
            assertThat(value(metrics, "heapsight_live_set_slope_low_bytes_per_minute")).isLessThanOrEqualTo(slope);
            assertThat(value(metrics, "heapsight_verdict_confidence")).isGreaterThan(0.5);
            double eta = value(metrics, "heapsight_eta_max_heap_seconds");
            double live = value(metrics, "heapsight_live_set_bytes");
            assertThat(eta).as("ETA to 512 MB at the slope").isCloseTo((512.0 * 1024 * 1024 - live) / slope * 60,
                    org.assertj.core.data.Percentage.withPercentage(25));

            // /report: the same samples as a page, drawn from the agent's memory at the time of the request
            HttpResponse<String> report = AppJvm.get(port, "/report");
            assertThat(report.statusCode()).isEqualTo(200);
            assertThat(report.headers().firstValue("Content-Type").orElse("")).isEqualTo("text/html; charset=utf-8");
            assertThat(report.body()).startsWith("<!DOCTYPE html>").contains("<meta http-equiv=\"Content-Security-Policy\"");
            java.util.regex.Matcher data = java.util.regex.Pattern.compile(
                    "<script type=\"application/json\" id=\"heapsight-charts\">(.*?)</script>", java.util.regex.Pattern.DOTALL).matcher(report.body());
            assertThat(data.find()).isTrue();
            com.fasterxml.jackson.databind.JsonNode page = new com.fasterxml.jackson.databind.ObjectMapper().readTree(data.group(1));
            assertThat(page.at("/fields/verdict").asText()).isEqualTo("leak");
            assertThat(page.at("/fields/target").asText()).startsWith("pid " + app.process.pid() + " · Java " + jdk);
            assertThat(page.at("/charts/0/series/2/label").asText()).as("the fitted trend").isEqualTo("trend (Theil–Sen)");
            assertThat(page.at("/charts/1/xs").size()).as("samples on the memory chart").isGreaterThan(10);
            assertThat(AppJvm.get(port, "/").statusCode()).as("the Prometheus client's own page").isEqualTo(200);
        }
    }

    @Test
    void theThresholdDumpIsAHeapDumpAndOnlyTheNewestOfOurDumpsAreKept(@TempDir Path dir) throws Exception {
        Path older = dir.resolve("heapsight-1-20200101-000000-at20pct.hprof");
        Files.writeString(older, "an older run's dump");
        Files.setLastModifiedTime(older, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        Path notOurs = dir.resolve("app-crash.hprof");
        Files.writeString(notOurs, "someone else's file");
        try (AppJvm app = AppJvm.start(17, List.of("-Xmx96m",
                agentArg("port=0,host=127.0.0.1,interval=250ms,dumpAt=20%,keep=1,cooldown=1h,dumpDir=" + dir)), "leak", "120", "64")) {
            int port = app.port();
            waitFor(port, m -> value(m, "heapsight_dumps_total") == 1, 90);
            List<Path> dumps;
            try (Stream<Path> s = Files.list(dir)) {
                dumps = s.filter(p -> DumpTrigger.OURS.matcher(p.getFileName().toString()).matches()).toList();
            }
            assertThat(dumps).hasSize(1).doesNotContain(older);
            assertThat(dumps.get(0).getFileName().toString()).startsWith("heapsight-" + app.process.pid() + "-").endsWith("-at20pct.hprof");
            try (InputStream in = Files.newInputStream(dumps.get(0))) {
                assertThat(new String(in.readNBytes(18), StandardCharsets.US_ASCII)).isEqualTo("JAVA PROFILE 1.0.2");
            }
            assertThat(notOurs).exists();
            assertThat(app.stderr).anyMatch(l -> l.contains("threshold reached")).anyMatch(l -> l.contains("removed older dump " + older));
            // cooldown=1h: still above the threshold, but no second dump
            Thread.sleep(3000);
            assertThat(value(scrape(port, false).body(), "heapsight_dumps_total")).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void loadAgentStartsItInARunningJvmAndRefusesBadOptionsToTheAttacher(int jdk) throws Exception {
        try (AppJvm app = AppJvm.start(jdk, List.of("-XX:+EnableDynamicAgentLoading"), "flat", "60")) {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(app.process.pid()));
            try {
                assertThatThrownBy(() -> vm.loadAgent(AppJvm.AGENT_JAR.toString(), "port=notaport"))
                        .isInstanceOf(AgentInitializationException.class);
                vm.loadAgent(AppJvm.AGENT_JAR.toString(), "port=0,host=127.0.0.1,interval=250ms");
            } finally {
                vm.detach();
            }
            String metrics = waitFor(app.port(), m -> value(m, "jvm_class_count") > 0, 30);
            assertThat(metrics).contains("heapsight_leak_verdict{heapsight_leak_verdict=\"inconclusive\"}");
            assertThat(app.stderr).anyMatch(l -> l.contains("port is not a number"));
        }
    }

    @Test
    void badOptionsLeaveTheApplicationRunningWithoutTheAgent() throws Exception {
        try (AppJvm app = AppJvm.start(17, List.of(agentArg("port=9404,colour=blue")), "flat", "1")) {
            assertThat(app.process.waitFor()).isZero();
            assertThat(app.stderr).anyMatch(l -> l.startsWith("heapsight-agent: bad agent options: unknown option 'colour'")
                    && l.endsWith("the application runs without the agent"));
        }
    }

    @Test
    void runsInAnImageWithoutTheAttachModule() throws Exception {
        // a JRE or jlinked image: no jdk.attach, no compiler (so the workload runs from classes compiled here)
        Path classes = Files.createTempDirectory("leakyapp");
        try {
            Process javac = new ProcessBuilder(io.heapsight.testkit.JdkLocator.find(17).orElseThrow().resolve("bin/javac").toString(), "-d", classes.toString(),
                    Path.of("src/test/resources/workloads/LeakyApp.java").toAbsolutePath().toString()).inheritIO().start();
            assertThat(javac.waitFor()).isZero();
            try (AppJvm app = AppJvm.startClass(17, List.of("--limit-modules",
                    "java.base,java.logging,java.management,java.instrument,jdk.management,jdk.httpserver",
                    agentArg("port=0,host=127.0.0.1,interval=250ms"), "-cp", classes.toString()), "flat", "60")) {
                String metrics = waitFor(app.port(), m -> value(m, "jvm_class_count") > 0, 30);
                assertThat(metrics).contains("jvm_memory_used_bytes{");
                assertThat(app.stderr).noneMatch(l -> l.contains("monitoring stopped"));
            }
        } finally {
            try (Stream<Path> s = Files.walk(classes)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void everyClassInTheJarRunsOnJava17AndNothingOutsideOurPackageIsUnshaded() throws Exception {
        try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(AppJvm.AGENT_JAR.toFile())) {
            List<String> classes = jar.stream().map(java.util.zip.ZipEntry::getName)
                    .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/versions/")).toList();
            assertThat(classes).isNotEmpty().allMatch(n -> n.startsWith("io/heapsight/agent/"));
            for (String name : classes) {
                try (InputStream in = jar.getInputStream(jar.getEntry(name))) {
                    byte[] head = in.readNBytes(8);
                    int major = ((head[6] & 0xff) << 8) | (head[7] & 0xff);
                    assertThat(major).as("class file version of %s (61 = Java 17)", name).isLessThanOrEqualTo(61);
                }
            }
        }
    }

    /** Scrapes until the exposition satisfies the condition; returns it. */
    static String waitFor(int port, java.util.function.Predicate<String> condition, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        String last = "";
        while (System.nanoTime() < deadline) {
            last = scrape(port, false).body();
            if (condition.test(last)) return last;
            Thread.sleep(500);
        }
        throw new AssertionError("not reached within " + seconds + " s; last scrape:\n" + last);
    }
}

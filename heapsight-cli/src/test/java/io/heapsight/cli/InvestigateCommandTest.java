package io.heapsight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

/** `heapsight investigate --demo`: the README's main job, end to end against a real demo JVM. */
class InvestigateCommandTest {
    @TempDir
    Path dir;

    @Test
    void demoInvestigationNamesTheLeakyCacheField() throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = HeapsightCli.run("investigate", "--demo", "--requests", "600", "--out", dir.toString(), "--fail-on-leak",
                    "--keep-dumps");
        } finally {
            System.setOut(out);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isEqualTo(ExitCodes.LEAK_FOUND);
        String last = text.strip().lines().reduce((a, b) -> b).orElse("");
        assertThat(last).startsWith("verdict: leak").contains("io.heapsight.demo.leaks.ProductCache.ENTRIES")
                .contains("io.heapsight.demo.leaks.Product").contains(" per hour, +").contains(" per request)");
        assertThat(text).contains("explore: heapsight open " + dir.toAbsolutePath()).contains("dumps kept: ");
        assertThat(dir.resolve("report.html")).exists();
        assertThat(Files.readString(dir.resolve("report.html"))).contains("ProductCache.ENTRIES");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertThat(json.path("verdict").asText()).isEqualTo("leak");
        JsonNode first = json.path("suspects").get(0);
        assertThat(first.path("holder").asText()).isEqualTo("io.heapsight.demo.leaks.ProductCache.ENTRIES");
        // 600 requests per round, two rounds, each Product about 10 KB: the cache grew by at least 1,200 entries
        assertThat(first.path("growthCount").asLong()).isGreaterThanOrEqualTo(1200);

        // the live set after each dump's GC is what the dump holds (analyzed on its own): the JVM's after-GC heap equals the
        // dump's objects within 3%; heapsight's reachable bytes (strong references only) are a little lower, by the
        // softly/weakly referenced and finalizable objects the JVM still keeps (~0.6-0.9 MB on the demo)
        JsonNode inv = json.path("investigation");
        assertThat(inv.path("target").asText()).startsWith("demo service pid ");
        assertThat(inv.path("loadUrl").asText()).endsWith("/api/cache/leaky");
        assertThat(inv.path("dumps")).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode step = inv.path("dumps").get(i);
            Path dump = dir.resolve("dump-" + (i + 1) + ".hprof");
            assertThat(dump).exists();
            Cli.Result a = Cli.run("analyze", dump.toString(), "--format", "json", "--no-index", "--no-inspections", "--top", "1");
            JsonNode summary = new ObjectMapper().readTree(a.out()).path("summary");
            double live = step.path("liveSetAfterGcBytes").asDouble();
            assertThat(live).as("dump %d vs its objects", i + 1).isCloseTo(summary.path("heapBytes").asDouble(), withinPercentage(3));
            assertThat(step.path("reachableBytes").asLong()).isEqualTo(summary.path("reachableBytes").asLong());
            assertThat(live - summary.path("reachableBytes").asDouble()).as("dump %d vs reachable", i + 1)
                    .isBetween(0.0, 1.5 * 1024 * 1024);
            assertThat(step.path("requestsBefore").asLong()).isEqualTo(600L * i);
        }
        // ~10 KB per Product (a 10,240-character Latin-1 string) plus its map entry and key
        JsonNode growth = inv.path("liveSetGrowth");
        assertThat(growth.path("requests").asLong()).isEqualTo(1200);
        assertThat(growth.path("bytesPerRequest").asDouble()).isBetween(9_000.0, 14_000.0);
        assertThat(growth.path("bytesPerHour").asDouble())
                .isCloseTo(growth.path("bytes").asDouble() * 3600 / growth.path("seconds").asDouble(), withinPercentage(1));
        assertThat(inv.path("topHolderGrowth").path("holder").asText()).isEqualTo("io.heapsight.demo.leaks.ProductCache.ENTRIES");
        assertThat(Files.readString(dir.resolve("report.txt"))).contains("live set after GC").contains(" per request");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("<h2>Investigation</h2>");
    }

    @Test
    void targetKilledMidRunKeepsItsDumpsAndExitsSix() throws Exception {
        try (ForkedJvm jvm = ForkedJvm.start(25, "leak", "-Xmx128m")) {
            java.util.concurrent.CompletableFuture<Cli.Result> run = java.util.concurrent.CompletableFuture.supplyAsync(() -> Cli.run(
                    "investigate", "--pid", Long.toString(jvm.pid()), "--interval", "5", "--dumps", "3", "--out", dir.toString()));
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(dir.resolve("dump-1.hprof")) && System.nanoTime() < deadline) Thread.sleep(100);
            jvm.process().destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            Cli.Result r = run.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.ATTACH_FAILED);
            String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
            assertThat(last).isEqualTo("heapsight investigate: target pid " + jvm.pid() + " exited after 1 of 3 dumps; kept dump-1.hprof in "
                    + dir.toAbsolutePath());
            assertThat(DumpCommandTest.walkHprof(dir.resolve("dump-1.hprof"))[0]).isEqualTo(Files.size(dir.resolve("dump-1.hprof")));
            try (var files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp"));
            }
        }
    }

    @Test
    void needsATarget() {
        assertThat(HeapsightCli.run("investigate")).isEqualTo(ExitCodes.USAGE);
        assertThat(HeapsightCli.run("investigate", "--demo", "--pid", "1")).isEqualTo(ExitCodes.USAGE);
        assertThat(HeapsightCli.run("investigate", "--demo", "--dumps", "1")).isEqualTo(ExitCodes.USAGE);
    }
}

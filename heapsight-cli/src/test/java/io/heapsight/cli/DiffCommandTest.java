package io.heapsight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heapsight.testkit.ForkedDump;
import io.heapsight.testkit.scenarios.GrowthBesideConstant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** `heapsight diff` in-process on two dumps of a growing session map (500 then 3,000 sessions of 1 KB). */
class DiffCommandTest {
    static final String SESSIONS = "io.heapsight.testkit.scenarios.GrowthBesideConstant.SESSIONS";

    @TempDir
    static Path dir;
    static Path small, large;

    @BeforeAll
    static void dumps() throws Exception {
        small = ForkedDump.of(GrowthBesideConstant.class).jvmArgs("-Xmx128m").args("500", "1024", "200").run(dir).file();
        large = ForkedDump.of(GrowthBesideConstant.class).jvmArgs("-Xmx128m").args("3000", "1024", "200").run(dir).file();
    }

    static CliRun run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void textNamesTheGrowingHolderAndExitsZeroWithoutFailOnLeak() {
        CliRun r = run("diff", small.toString(), large.toString(), "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("VERDICT: LEAK").contains("#1  " + SESSIONS).contains("+2,500 × byte[]")
                .containsPattern("count:\\s+500 → 3,000"); // columns are padded to line up with the heap row
    }

    @Test
    void failOnLeakExitsTen() {
        CliRun r = run("diff", "--fail-on-leak", small.toString(), large.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.LEAK_FOUND);
        assertThat(r.err()).contains("leak").contains(SESSIONS);
    }

    @Test
    void jsonHasTheSuspectShapePlusGrowthSeriesAndVerdict() throws Exception {
        CliRun r = run("diff", "--format", "json", small.toString(), large.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.get("verdict").asText()).isEqualTo("leak");
        JsonNode s = root.get("suspects").get(0);
        assertThat(s.get("rank").asInt()).isEqualTo(1);
        assertThat(s.get("holder").asText()).isEqualTo(SESSIONS);
        assertThat(s.get("verdict").asText()).isEqualTo("growing");
        assertThat(s.get("accumulatedClass").asText()).isEqualTo("byte[]");
        for (String field : new String[] {"count", "retainedBytes", "path", "description", "accumulationPoint",
                "accumulationPointClass", "holderPath", "heapFraction", "instances"}) {
            assertThat(s.has(field)).as(field).isTrue();
        }
        // 2,500 more entries of 1,096 bytes (Node 32 + Long 24 + byte[1024] 1040); table 1,024 -> 4,096 slots of 4 bytes
        assertThat(s.get("growthBytes").asLong()).isEqualTo(2_500 * 1096L + 4 * (4096 - 1024));
        assertThat(s.get("growthCount").asLong()).isEqualTo(2_500);
        JsonNode series = s.get("series");
        assertThat(series).hasSize(2);
        assertThat(series.get(0).get("dump").asText()).isEqualTo(small.toString());
        assertThat(series.get(0).get("count").asLong()).isEqualTo(500);
        assertThat(series.get(1).get("count").asLong()).isEqualTo(3000);
        assertThat(series.get(1).get("retainedBytes").asLong()).isEqualTo(48 + 16 + 4 * 4096 + 3000 * 1096L);
        assertThat(root.get("dumps")).hasSize(2);
    }

    @Test
    void sameDumpTwiceIsNoLeak() {
        CliRun r = run("diff", "--fail-on-leak", large.toString(), large.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("no leak found");
    }

    @Test
    void aHighMinGrowthSilencesTheVerdict() {
        CliRun r = run("diff", "--fail-on-leak", "--min-growth", "8m", small.toString(), large.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(run("diff", "--min-growth", "lots", small.toString(), large.toString()).code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void htmlToAFile() throws Exception {
        Path html = dir.resolve("out/diff.html");
        CliRun r = run("diff", "--format", "html", "--out", html.toString(), small.toString(), large.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String page = Files.readString(html);
        assertThat(page).startsWith("<!DOCTYPE html>").contains(SESSIONS).contains("id=\"heapsight-report\"")
                // self-contained: nothing loaded from anywhere (the inlined uPlot names its home page in a comment, nothing more)
                .doesNotContainPattern("(src|href)=\"?https?:").doesNotContain("url(");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void badInputsGiveOneLineAndTheirExitCodes() throws Exception {
        CliRun missing = run("diff", small.toString(), dir.resolve("nope.hprof").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(missing.err().strip()).doesNotContain("\n").contains("nope.hprof");

        Path text = Files.writeString(dir.resolve("notes.hprof"), "this is not a heap dump\n");
        CliRun notHprof = run("diff", small.toString(), text.toString());
        assertThat(notHprof.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(notHprof.err().strip()).doesNotContain("\n").contains("notes.hprof");

        CliRun one = run("diff", small.toString());
        assertThat(one.code()).isEqualTo(ExitCodes.USAGE);

        Path cut = dir.resolve("cut.hprof");
        long half = Files.size(large) / 2;
        try (InputStream in = Files.newInputStream(large); OutputStream o = Files.newOutputStream(cut)) {
            o.write(in.readNBytes((int) half));
        }
        CliRun truncated = run("diff", small.toString(), cut.toString());
        assertThat(truncated.code()).as(truncated.err()).isEqualTo(ExitCodes.TRUNCATED);
        assertThat(truncated.out()).contains("TRUNCATED");
        assertThat(truncated.err()).contains("cut.hprof is truncated");
    }
}

package io.heapsight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heapsight.testkit.DumpedHeap;
import io.heapsight.testkit.ForkedDump;
import io.heapsight.testkit.scenarios.LeakCache;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** `heapsight analyze` end to end: formats, the JSON contract, exit codes and one-line errors. */
class AnalyzeCommandTest {
    @TempDir
    static Path dir;
    static DumpedHeap dumped;

    @BeforeAll
    static void dump() throws Exception {
        dumped = ForkedDump.of(LeakCache.class).jvmArgs("-Xmx256m").args("5000", "2048", "0").run(dir);
    }

    static CliRun run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void textReportNamesTheLeakFirst() {
        CliRun r = run("analyze", dumped.file().toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("LEAK SUSPECTS", "#1  io.heapsight.testkit.scenarios.LeakCache.ENTRIES",
                "5,000 × io.heapsight.testkit.scenarios.LeakCache$Document", "CLASS HISTOGRAM", "DUPLICATE STRINGS", "DIRECT BUFFERS");
        assertThat(r.err()).doesNotContain("Exception");
    }

    @Test
    void jsonFollowsTheContract() throws Exception {
        Path out = dir.resolve("report.json");
        CliRun r = run("analyze", dumped.file().toString(), "--format", "json", "--out", out.toString(), "--top", "5");
        assertThat(r.code()).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toFile());
        assertThat(j.path("dump").path("status").asText()).isEqualTo("complete");
        for (String f : new String[]{"objects", "classes", "heapBytes", "gcRoots"}) {
            assertThat(j.path("summary").path(f).asLong()).as(f).isPositive();
        }
        JsonNode row = j.path("histogram").get(0);
        for (String f : new String[]{"className", "count", "shallowBytes", "retainedBytes"}) assertThat(row.has(f)).as(f).isTrue();
        assertThat(j.path("histogram").size()).isGreaterThan(100); // every class, not just --top
        JsonNode s = j.path("suspects").get(0);
        assertThat(s.path("rank").asInt()).isEqualTo(1);
        assertThat(s.path("holder").asText()).isEqualTo("io.heapsight.testkit.scenarios.LeakCache.ENTRIES");
        assertThat(s.path("accumulatedClass").asText()).isEqualTo("io.heapsight.testkit.scenarios.LeakCache$Document");
        assertThat(s.path("count").asLong()).isEqualTo(5000);
        // 5,000 x (Node 32 + Document 24 + byte[2048] 2064 + "doc-N" String 24 + its byte[] 24)
        assertThat(s.path("retainedBytes").asLong()).isBetween(5000L * (32 + 24 + 2064 + 24 + 16), 5000L * (32 + 24 + 2064 + 24 + 24) + 140_000);
        JsonNode path = s.path("path");
        assertThat(path.get(0).has("root")).isTrue();
        assertThat(path.get(path.size() - 1).path("field").asText()).isEqualTo("static io.heapsight.testkit.scenarios.LeakCache.ENTRIES");
        assertThat(s.path("description").asText()).contains("5,000");
        // the same findings as report sections in the generic result form
        JsonNode section = j.path("sections").get(0);
        assertThat(section.path("name").asText()).isEqualTo("suspects");
        assertThat(section.path("result").path("type").asText()).isEqualTo("sections");
        assertThat(section.path("result").path("parts").get(0).path("rows").get(0).path("holder").asText())
                .isEqualTo("io.heapsight.testkit.scenarios.LeakCache.ENTRIES");
    }

    @Test
    void htmlIsSelfContained() throws Exception {
        Path out = dir.resolve("report.html");
        CliRun r = run("analyze", dumped.file().toString(), "--format", "html", "-o", out.toString());
        assertThat(r.code()).isZero();
        String html = Files.readString(out);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("LeakCache.ENTRIES", "application/json");
        assertThat(html).doesNotContain("http://", "https://", "<link ", "src=\"");
    }

    @Test
    void quietSaysNothingOnStderrNotEvenWhereTheReportWent() throws Exception {
        Path said = dir.resolve("said.txt"), quiet = dir.resolve("quiet.txt");
        CliRun r = run("analyze", dumped.file().toString(), "--no-index", "-o", said.toString());
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("heapsight analyze: wrote " + said);
        r = run("analyze", dumped.file().toString(), "--no-index", "--quiet", "-o", quiet.toString());
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEmpty();
        assertThat(Files.readString(quiet)).contains("LEAK SUSPECTS");
    }

    @Test
    void anotherTopFromTheIndexIsTheReportAFreshAnalyzeGives() throws Exception {
        Path copy = dir.resolve("reopen.hprof");
        Files.copy(dumped.file(), copy);
        assertThat(run("analyze", copy.toString(), "--format", "json", "-o", dir.resolve("reopen-20.json").toString()).code()).isZero();
        assertThat(dir.resolve("reopen.hprof.heapsight-strings")).exists();
        // another question (--top 3, text then json) answered from the index and the files beside the dump
        CliRun text = run("analyze", copy.toString(), "--top", "3");
        assertThat(text.code()).isZero();
        assertThat(text.out()).contains("DUPLICATE STRINGS");
        assertThat(text.err()).doesNotContain("ignoring");
        Path fromIndex = dir.resolve("reopen-3.json"), fresh = dir.resolve("fresh-3.json");
        assertThat(run("analyze", copy.toString(), "--top", "3", "--format", "json", "-o", fromIndex.toString()).code()).isZero();
        assertThat(run("analyze", copy.toString(), "--top", "3", "--format", "json", "--no-index", "-o", fresh.toString()).code()).isZero();
        ObjectMapper m = new ObjectMapper();
        JsonNode a = withoutTimings(m.readTree(fromIndex.toFile())), b = withoutTimings(m.readTree(fresh.toFile()));
        assertThat(a.path("inspections").path("duplicateStrings").path("top").size()).isEqualTo(3);
        assertThat(a).isEqualTo(b);
    }

    /** The report minus what differs from run to run: the timings and each section's time. */
    static JsonNode withoutTimings(JsonNode report) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) report).remove("timings");
        for (JsonNode s : report.path("sections")) ((com.fasterxml.jackson.databind.node.ObjectNode) s).remove("millis");
        return report;
    }

    @Test
    void askingAgainAnswersFromTheReportCacheUntilTheDumpChanges() throws Exception {
        Path copy = dir.resolve("again.hprof");
        Files.copy(dumped.file(), copy);
        CliRun first = run("analyze", copy.toString(), "--top", "4");
        assertThat(first.code()).isZero();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("again.hprof.heapsight-report-"));
        }
        CliRun second = run("analyze", copy.toString(), "--top", "4");
        assertThat(second.code()).isZero();
        assertThat(second.out()).isEqualTo(first.out());
        // another question is not answered from that cache
        CliRun json = run("analyze", copy.toString(), "--top", "4", "--format", "json");
        assertThat(json.out()).startsWith("{");
        // a changed dump is analyzed again: truncate the copy, the answer says so
        try (RandomAccessFile raf = new RandomAccessFile(copy.toFile(), "rw")) {
            raf.setLength(raf.length() / 2);
        }
        CliRun changed = run("analyze", copy.toString(), "--top", "4");
        assertThat(changed.code()).isEqualTo(ExitCodes.TRUNCATED);
        assertThat(changed.out()).contains("WARNING: dump is truncated");
        CliRun changedAgain = run("analyze", copy.toString(), "--top", "4");
        assertThat(changedAgain.code()).isEqualTo(ExitCodes.TRUNCATED); // the exit code is kept with the cached report
        assertThat(changedAgain.err()).contains("truncated");
    }

    @Test
    void missingFileIsExitThreeWithOneLine() {
        CliRun r = run("analyze", dir.resolve("nope.hprof").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("no such file");
    }

    @Test
    void notAnHprofFileIsExitFour() throws Exception {
        Path f = dir.resolve("readme.hprof");
        Files.writeString(f, "hello\n");
        CliRun r = run("analyze", f.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("not an HPROF").doesNotContain("at io.heapsight");
    }

    @Test
    void truncatedDumpIsAnalyzedAndExitsFive() throws Exception {
        Path cut = dir.resolve("cut.hprof");
        Files.copy(dumped.file(), cut);
        try (RandomAccessFile raf = new RandomAccessFile(cut.toFile(), "rw")) {
            raf.setLength(raf.length() * 2 / 3);
        }
        CliRun r = run("analyze", cut.toString(), "--format", "json");
        assertThat(r.code()).isEqualTo(ExitCodes.TRUNCATED);
        assertThat(r.err()).contains("truncated");
        assertThat(r.out()).contains("\"status\" : \"truncated\"");
    }

    @Test
    void badOptionIsUsageError() {
        assertThat(run("analyze", dumped.file().toString(), "--top", "0").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("analyze").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("analyze", dumped.file().toString(), "--format", "xml").code()).isEqualTo(ExitCodes.USAGE);
    }
}

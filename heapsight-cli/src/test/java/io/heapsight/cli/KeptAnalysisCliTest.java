package io.heapsight.cli;

import io.heapsight.testkit.DumpedHeap;
import io.heapsight.testkit.ForkedDump;
import io.heapsight.testkit.PrivateHeapsightCache;
import io.heapsight.testkit.scenarios.LeakCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `analyze` asked another question about a dump it analyzed answers from the kept results, in every format, with
 * what a fresh analysis reading no kept file writes (minus the times, which say where they come from).
 */
@ExtendWith(PrivateHeapsightCache.class)
class KeptAnalysisCliTest {
    @TempDir
    Path dir;

    /** The report without the times (the last line of text; timings and section millis in JSON, also inside HTML). */
    static String timeless(String format, String report) {
        if (format.equals("text")) {
            List<String> lines = new ArrayList<>(report.lines().toList());
            String last = lines.remove(lines.size() - 1);
            assertThat(last).matches("(analyzed in|from the kept analysis in) .*");
            return String.join("\n", lines);
        }
        return report.replaceAll("\"timings\"\\s*:\\s*\\{[^}]*}", "\"timings\":{}").replaceAll("\"millis\"\\s*:\\s*\\d+", "\"millis\":0");
    }

    @Test
    void anotherQuestionInAnyFormatIsWhatAFreshAnalysisWrites() throws Exception {
        DumpedHeap d = ForkedDump.of(LeakCache.class).jvmArgs("-Xmx256m").args("3000", "512", "0").run(dir);
        String dump = d.file().toString();
        CliRun first = CliRun.run("analyze", dump, "--format", "json", "-o", dir.resolve("first.json").toString());
        assertThat(first.code()).isZero();
        List<List<String>> questions = List.of(List.of("--top", "3", "--format", "text"), List.of("--top", "3", "--format", "json"),
                List.of("--top", "7", "--format", "html"), List.of("--format", "text", "--no-inspections"), List.of("--top", "1000"));
        int n = 0;
        for (List<String> q : questions) {
            String format = q.contains("json") ? "json" : q.contains("html") ? "html" : "text";
            Path kept = dir.resolve("kept" + n), fresh = dir.resolve("fresh" + n++);
            List<String> args = new ArrayList<>(List.of("analyze", dump, "-o", kept.toString()));
            args.addAll(q);
            CliRun k = CliRun.run(args.toArray(String[]::new));
            args.set(3, fresh.toString());
            args.add("--no-index");
            CliRun f = CliRun.run(args.toArray(String[]::new));
            assertThat(k.code()).as("%s", q).isZero();
            assertThat(f.code()).as("%s", q).isZero();
            assertThat(k.err()).as("%s", q).doesNotContain("ignoring");
            String keptReport = Files.readString(kept), freshReport = Files.readString(fresh);
            String kept1 = format.equals("text") ? keptReport : keptReport.replaceAll("\\s", "");
            String fresh1 = format.equals("text") ? freshReport : freshReport.replaceAll("\\s", "");
            assertThat(kept1).as("%s", q).contains(format.equals("text") ? "from the kept analysis in" : "\"fromKeptAnalysis\":true");
            assertThat(fresh1).as("%s", q).doesNotContain("from the kept analysis").doesNotContain("\"fromKeptAnalysis\":true");
            assertThat(timeless(format, keptReport)).as("%s", q).isEqualTo(timeless(format, freshReport));
        }
    }

    @Test
    void aTruncatedDumpAnsweredFromTheKeptResultsStillSaysSoAndExitsAsTheFirstRunDid() throws Exception {
        DumpedHeap d = ForkedDump.of(LeakCache.class).jvmArgs("-Xmx256m").args("2000", "512", "0").run(dir);
        Path cut = dir.resolve("cut.hprof");
        byte[] all = Files.readAllBytes(d.file());
        Files.write(cut, java.util.Arrays.copyOf(all, all.length * 7 / 10));
        CliRun first = CliRun.run("analyze", cut.toString(), "--format", "json", "-o", dir.resolve("cut.json").toString());
        assertThat(first.code()).isEqualTo(ExitCodes.TRUNCATED);
        CliRun again = CliRun.run("analyze", cut.toString(), "--top", "2", "-o", dir.resolve("cut.txt").toString());
        CliRun fresh = CliRun.run("analyze", cut.toString(), "--top", "2", "--no-index", "-o", dir.resolve("cut-fresh.txt").toString());
        assertThat(again.code()).isEqualTo(ExitCodes.TRUNCATED);
        assertThat(Files.readString(dir.resolve("cut.txt"))).contains("from the kept analysis", "WARNING: dump is truncated");
        assertThat(again.err()).contains("is truncated").isEqualTo(fresh.err().replace("cut-fresh.txt", "cut.txt"));
        assertThat(timeless("text", Files.readString(dir.resolve("cut.txt")))).isEqualTo(timeless("text", Files.readString(dir.resolve("cut-fresh.txt"))));
    }
}

package io.heapsight.bench;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Medians per tool and heapsight-vs-tool ratios of one benchmark run, as a Markdown table. */
final class ResultTable {
    private ResultTable() {}

    /** Median of the runs that succeeded; -1 when none did. */
    static long median(List<RunResult> runs, java.util.function.ToLongFunction<RunResult> metric) {
        long[] v = runs.stream().filter(RunResult::ok).mapToLong(metric).sorted().toArray();
        if (v.length == 0) return -1;
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static String render(BenchDump dump, List<Tool> tools, List<RunResult> all) {
        StringBuilder sb = new StringBuilder();
        sb.append("| tool | runs ok | wall (median) | job in JVM | CPU | objects/s | MB/s | peak RSS | peak anon RSS | wall vs heapsight | CPU vs heapsight | RSS vs heapsight | note |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        List<RunResult> hs = of(all, Tool.HEAPSIGHT);
        long hsWall = median(hs, RunResult::wallMillis);
        long hsRss = median(hs, RunResult::peakRssKb);
        long hsCpu = median(hs, RunResult::cpuMillis);
        for (Tool t : tools) {
            List<RunResult> runs = of(all, t);
            long ok = runs.stream().filter(RunResult::ok).count();
            long wall = median(runs, RunResult::wallMillis);
            long job = median(runs, RunResult::jobMillis);
            long rss = median(runs, RunResult::peakRssKb);
            long cpu = median(runs, RunResult::cpuMillis);
            long anon = median(runs, RunResult::peakAnonKb);
            sb.append("| ").append(t.label)
                    .append(" | ").append(ok).append('/').append(runs.size())
                    .append(" | ").append(seconds(wall))
                    .append(" | ").append(seconds(job))
                    .append(" | ").append(seconds(cpu))
                    .append(" | ").append(wall <= 0 || dump.objects() < 0 ? "-" : fmt("%,.0f", dump.objects() * 1000.0 / wall))
                    .append(" | ").append(wall <= 0 ? "-" : fmt("%.0f", dump.bytes() / 1e6 * 1000.0 / wall))
                    .append(" | ").append(rss <= 0 ? "-" : fmt("%.2f GB", rss / 1024.0 / 1024.0))
                    .append(" | ").append(anon <= 0 ? "-" : fmt("%.2f GB", anon / 1024.0 / 1024.0))
                    .append(" | ").append(t == Tool.HEAPSIGHT || wall <= 0 || hsWall <= 0 ? "-" : fmt("%.1fx slower", (double) wall / hsWall))
                    .append(" | ").append(t == Tool.HEAPSIGHT || cpu <= 0 || hsCpu <= 0 ? "-" : fmt("%.1fx more", (double) cpu / hsCpu))
                    .append(" | ").append(t == Tool.HEAPSIGHT || rss <= 0 || hsRss <= 0 ? "-" : fmt("%.1fx", (double) rss / hsRss))
                    .append(" | ").append(note(runs))
                    .append(" |\n");
        }
        return sb.toString();
    }

    /** Every run, for the record. */
    static String renderRuns(List<RunResult> all) {
        StringBuilder sb = new StringBuilder(
                "| tool | run | status | wall | job | CPU | peak RSS | peak anon RSS | load avg before | detail |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (RunResult r : all) {
            sb.append("| ").append(r.tool().label).append(" | ").append(r.run()).append(" | ")
                    .append(r.status().name().toLowerCase(Locale.ROOT)).append(" | ").append(seconds(r.wallMillis()))
                    .append(" | ").append(seconds(r.jobMillis())).append(" | ").append(seconds(r.cpuMillis())).append(" | ")
                    .append(r.peakRssKb() <= 0 ? "-" : fmt("%.2f GB", r.peakRssKb() / 1024.0 / 1024.0)).append(" | ")
                    .append(r.peakAnonKb() <= 0 ? "-" : fmt("%.2f GB", r.peakAnonKb() / 1024.0 / 1024.0))
                    .append(" | ").append(r.loadBefore() < 0 ? "-" : fmt("%.2f", r.loadBefore()))
                    .append(" | ").append(r.detail().replace("|", "/")).append(" |\n");
        }
        return sb.toString();
    }

    /** The first failure's reason, and which runs failed ("runs 1, 2, 3 failed: ..."). */
    private static String note(List<RunResult> runs) {
        List<RunResult> failed = runs.stream().filter(r -> !r.ok()).toList();
        if (failed.isEmpty()) return "";
        String which = failed.stream().map(r -> Integer.toString(r.run())).collect(Collectors.joining(", "));
        String verb = failed.get(0).status() == RunResult.Status.TIMED_OUT ? "" : "failed: ";
        return ((failed.size() == 1 ? "run " : "runs ") + which + " " + verb + shorten(failed.get(0).detail()))
                .replace("|", "/");
    }

    private static String shorten(String s) {
        return s.length() <= 140 ? s : s.substring(0, 137) + "...";
    }

    private static List<RunResult> of(List<RunResult> all, Tool t) {
        return all.stream().filter(r -> r.tool() == t).toList();
    }

    static String seconds(long millis) {
        return millis < 0 ? "-" : fmt("%.2f s", millis / 1000.0);
    }

    private static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }
}

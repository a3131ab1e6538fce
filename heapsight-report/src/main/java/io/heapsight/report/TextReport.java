package io.heapsight.report;

import io.heapsight.analysis.AnalysisReport;
import io.heapsight.common.ByteSize;
import io.heapsight.analysis.PathStep;
import io.heapsight.report.result.ResultText;

import java.util.List;
import java.util.Locale;

/**
 * The human-readable report printed by `heapsight analyze`: the dump's facts, then the report's sections (suspects first,
 * then the tables behind them, then the inspections and any added analysis) as {@link ResultText} renders them.
 */
public final class TextReport {
    private TextReport() {}

    /** As {@link #render(AnalysisReport)}: {@code top} is an analysis option now (each section holds that many rows). */
    public static String render(AnalysisReport r, int top) {
        return render(r);
    }

    /** The fixed header (the dump and its summary), then every section in report order, then the timings. */
    public static String render(AnalysisReport r) {
        StringBuilder out = new StringBuilder();
        var d = r.dump();
        var s = r.summary();
        out.append("heapsight analyze ").append(ResultText.oneLine(d.file())).append('\n');
        out.append(String.format(Locale.ROOT, "  %s, %d-byte ids, %s, %s%n", d.format(), d.idSize(), d.layout(), ByteSize.format(d.sizeBytes())));
        if (!d.complete()) {
            out.append(String.format(Locale.ROOT, "  WARNING: dump is %s: read %,d of %,d bytes (%.1f%%)%s; results cover what was read%n",
                    d.status(), d.bytesRead(), d.sizeBytes(), 100.0 * d.bytesRead() / Math.max(1, d.sizeBytes()),
                    d.problem() == null ? "" : " — " + ResultText.oneLine(d.problem())));
        } else if (d.problem() != null) {
            out.append("  NOTE: ").append(ResultText.oneLine(d.problem())).append('\n');
        }
        out.append(String.format(Locale.ROOT, "  %,d objects (%s) in %,d classes, %,d GC roots; reachable: %,d objects, %s%n",
                s.objects(), ByteSize.format(s.heapBytes()), s.classes(), s.gcRoots(), s.reachableObjects(), ByteSize.format(s.reachableBytes())));
        out.append('\n');
        for (AnalysisReport.Section section : r.sections()) {
            ResultText.write(out, section.result(), "", true);
            out.append('\n');
        }
        var t = r.timings();
        if (t.fromKeptAnalysis()) {
            // not this run's work: say where the figures come from
            out.append(String.format(Locale.ROOT, "from the kept analysis in %.1f s (analyzed earlier in %.1f s: parse %.1f s, dominators %.1f s)%n",
                    t.reportMillis() / 1000.0, t.totalMillis() / 1000.0, t.parseMillis() / 1000.0, t.dominatorMillis() / 1000.0));
        } else {
            out.append(String.format(Locale.ROOT, "analyzed in %.1f s (parse %.1f s, dominators %.1f s)%n", t.totalMillis() / 1000.0,
                    t.parseMillis() / 1000.0, t.dominatorMillis() / 1000.0));
        }
        // a net under every value: only the presenter's own line breaks reach the terminal (TerminalText)
        return TerminalText.escapeControls(out.toString());
    }

    /** A path of the diff report's suspects (which outlive their dump, so carry no ids): same form as {@link ResultText#path}. */
    static void appendPath(StringBuilder out, List<PathStep> path, String indent) {
        if (path.isEmpty()) out.append(indent).append(ResultText.NO_PATH).append('\n');
        for (PathStep step : path) ResultText.pathLine(out, indent, step.via(), step.isRoot(), step.object());
    }
}

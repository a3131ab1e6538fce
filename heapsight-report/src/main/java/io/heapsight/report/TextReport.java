package io.heapsight.report;

import io.heapsight.analysis.AnalysisReport;
import io.heapsight.analysis.Histogram;
import io.heapsight.analysis.PathStep;
import io.heapsight.analysis.Suspect;
import io.heapsight.common.ByteSize;

import java.util.List;

/** The human-readable report printed by `heapsight analyze`: suspects first, then the tables behind them. */
public final class TextReport {
    private TextReport() {}

    public static String render(AnalysisReport r, int top) {
        StringBuilder out = new StringBuilder();
        var d = r.dump();
        var s = r.summary();
        out.append("heapsight analyze ").append(t(d.file())).append('\n');
        out.append(String.format("  %s, %d-byte ids, %s, %s%n", d.format(), d.idSize(), d.layout(), ByteSize.format(d.sizeBytes())));
        if (!d.complete()) {
            out.append(String.format("  WARNING: dump is %s: read %,d of %,d bytes (%.1f%%)%s; results cover what was read%n",
                    d.status(), d.bytesRead(), d.sizeBytes(), 100.0 * d.bytesRead() / Math.max(1, d.sizeBytes()),
                    d.problem() == null ? "" : " — " + t(d.problem())));
        } else if (d.problem() != null) {
            out.append("  NOTE: ").append(t(d.problem())).append('\n');
        }
        out.append(String.format("  %,d objects (%s) in %,d classes, %,d GC roots; reachable: %,d objects, %s%n",
                s.objects(), ByteSize.format(s.heapBytes()), s.classes(), s.gcRoots(), s.reachableObjects(), ByteSize.format(s.reachableBytes())));
        out.append('\n');

        out.append("LEAK SUSPECTS\n");
        if (r.suspects().isEmpty()) {
            out.append("  none: no accumulation point retains a notable share of the heap\n");
        }
        for (Suspect sp : r.suspects()) {
            out.append(String.format("  #%d  %s  %s retained (%.1f%%)%s%n", sp.rank(), t(sp.holder()), ByteSize.format(sp.retainedBytes()),
                    100 * sp.heapFraction(), sp.nativeBytes() > 0 ? " + " + ByteSize.format(sp.nativeBytes()) + " native" : ""));
            out.append("      ").append(t(sp.description())).append('\n');
            out.append(String.format("      %,d × %s in %s%s%n", sp.count(), t(sp.accumulatedClass()), t(sp.accumulationPoint()),
                    sp.instances() > 1 ? " (and " + (sp.instances() - 1) + " more with the same holder)" : ""));
            appendPath(out, sp.path(), "      ");
        }
        out.append('\n');

        out.append("CLASS HISTOGRAM (top ").append(Math.min(top, r.histogram().size())).append(" of ").append(r.histogramClasses()).append(" classes, by shallow size")
                .append(s.histogramIncludesUnreachable() ? ", all objects" : ", reachable objects").append(")\n");
        out.append(String.format("  %14s %14s %14s  %s%n", "count", "shallow", "retained", "class"));
        List<Histogram.Row> rows = r.histogram();
        for (int i = 0; i < Math.min(top, rows.size()); i++) {
            var row = rows.get(i);
            out.append(String.format("  %,14d %14s %14s  %s%n", row.count(), ByteSize.format(row.shallowBytes()), ByteSize.format(row.retainedBytes()), t(row.className())));
        }
        if (!s.histogramIncludesUnreachable() && s.unreachableObjects() > 0) {
            out.append(String.format("  %,14d %14s %14s  %s%n", s.unreachableObjects(), ByteSize.format(s.unreachableBytes()), "-",
                    "<unreachable objects, not in the rows above; --all-objects counts them>"));
        }
        out.append('\n');

        out.append("BIGGEST DOMINATORS (what the GC roots keep alive)\n");
        for (var dm : r.dominators()) {
            out.append(String.format("  %14s %5.1f%%  %s%n", ByteSize.format(dm.retainedBytes()), 100 * dm.heapFraction(), t(dm.object())));
        }
        out.append('\n');

        var in = r.inspections();
        if (in != null) {
            out.append("INSPECTIONS\n");
            var ds = in.duplicateStrings();
            out.append(String.format("  duplicate strings: %,d strings, %,d distinct, %s wasted%n", ds.strings(), ds.distinct(), ByteSize.format(ds.wastedBytes())));
            for (int i = 0; i < Math.min(5, ds.top().size()); i++) {
                var g = ds.top().get(i);
                out.append(String.format("    %,8d × \"%s\"  %s wasted%n", g.count(), abbreviate(g.text(), 60), ByteSize.format(g.wastedBytes())));
            }
            var cl = in.classLoaders();
            out.append(String.format("  class loaders: %d shown, %d classes defined by more than one loader%n", cl.loaders().size(), cl.duplicatedClassCount()));
            for (var dc : cl.duplicateClasses().subList(0, Math.min(5, cl.duplicateClasses().size()))) {
                out.append(String.format("    %s defined by %d loaders%n", t(dc.className()), dc.loaders()));
            }
            for (var l : cl.loaders()) {
                if (l.pinnedBy().isEmpty()) continue;
                out.append(String.format("    %s (%d classes, %s) is pinned by:%n", t(l.loader()), l.classes(), ByteSize.format(l.retainedBytes())));
                appendPath(out, l.pinnedBy(), "      ");
            }
            var f = in.finalizer();
            out.append(String.format("  finalizer backlog: %,d objects waiting (%s)%n", f.pending(), ByteSize.format(f.shallowBytes())));
            for (var p : f.byClass().subList(0, Math.min(5, f.byClass().size()))) {
                out.append(String.format("    %,8d × %s%n", p.count(), t(p.className())));
            }
            var db = in.directBuffers();
            out.append(String.format("  direct buffers: %,d buffers owning %s native memory (%s reachable, %s waiting for cleanup)%n",
                    db.buffers(), ByteSize.format(db.ownedCapacity()), ByteSize.format(db.reachableCapacity()), ByteSize.format(db.unreachableCapacity())));
            for (var h : db.byHolder().subList(0, Math.min(5, db.byHolder().size()))) {
                out.append(String.format("    %12s  %,d buffers held by %s%n", ByteSize.format(h.capacity()), h.buffers(), t(h.holder())));
            }
            for (var b : db.largest().subList(0, Math.min(5, db.largest().size()))) {
                out.append(String.format("    %12s  %s held by %s%n", ByteSize.format(b.capacity()), t(b.object()), t(b.holder())));
            }
            out.append('\n');
        }
        var t = r.timings();
        out.append(String.format("analyzed in %.1f s (parse %.1f s, dominators %.1f s)%n", t.totalMillis() / 1000.0, t.parseMillis() / 1000.0, t.dominatorMillis() / 1000.0));
        return TerminalText.escapeControls(out.toString());
    }

    /** A value from the dump, escaped for the terminal (see {@link TerminalText}). */
    static String t(String s) {
        return TerminalText.escape(s);
    }

    static void appendPath(StringBuilder out, List<PathStep> path, String indent) {
        if (path.isEmpty()) {
            out.append(indent).append("(no strong path from a GC root: only weakly or softly reachable)\n");
            return;
        }
        for (PathStep step : path) {
            if (step.isRoot()) {
                out.append(indent).append("GC root [").append(t(step.via())).append("] ").append(t(step.object())).append('\n');
            } else {
                out.append(indent).append("  └ ").append(t(step.via())).append(" → ").append(t(step.object())).append('\n');
            }
        }
    }

    static String abbreviate(String s, int max) {
        if (s == null) return "";
        String one = TerminalText.escape(s);
        return one.length() <= max ? one : one.substring(0, max - 1) + "…";
    }
}

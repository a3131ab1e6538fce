package io.heapsight.report;

import io.heapsight.analysis.diff.ClassDiff;
import io.heapsight.analysis.diff.DiffReport;
import io.heapsight.analysis.diff.HolderDiff;
import io.heapsight.analysis.diff.HolderVerdict;
import io.heapsight.analysis.diff.SeriesPoint;
import io.heapsight.common.ByteSize;
import io.heapsight.common.LeakVerdict;

import java.util.List;
import java.util.function.Function;

/** The human-readable diff: the verdict, growing holders with their series and paths, then the class deltas. */
public final class DiffTextReport {
    private DiffTextReport() {}

    public static String render(DiffReport r, int top) {
        StringBuilder out = new StringBuilder();
        out.append("heapsight diff: ").append(r.dumps().size()).append(" dumps, oldest first\n");
        for (int i = 0; i < r.dumps().size(); i++) {
            var d = r.dumps().get(i);
            out.append(String.format("  [%d] %s  %,d objects, %s reachable%s%s%n", i + 1, t(d.info().file()), d.objects(),
                    ByteSize.format(d.reachableBytes()), d.nativeBytes() > 0 ? ", " + ByteSize.format(d.nativeBytes()) + " native (direct buffers)" : "",
                    d.info().complete() ? "" : "  [" + d.info().status().name() + "]"));
        }
        for (String note : r.notes()) out.append("  NOTE: ").append(t(note)).append('\n');
        out.append('\n');

        List<HolderDiff> growing = r.growing();
        if (r.verdict() == LeakVerdict.LEAK) {
            out.append(String.format("VERDICT: LEAK — %d holder%s growing beyond noise (%s)%n", growing.size(),
                    growing.size() == 1 ? "" : "s", ByteSize.format(r.noiseBytes())));
        } else {
            out.append(String.format("VERDICT: no leak found — nothing grows beyond noise (%s) across the dumps%n", ByteSize.format(r.noiseBytes())));
        }
        out.append('\n');

        if (!growing.isEmpty()) {
            out.append("GROWING HOLDERS (steadiest growth first)\n");
            for (HolderDiff h : growing) {
                var s = h.suspect();
                out.append(String.format("  #%d  %s  +%s, %+,d × %s, grew in %d of %d steps%n", h.rank(), t(s.holder()),
                        ByteSize.format(h.growthBytes()), h.growthCount(), t(s.accumulatedClass()), h.growingSteps(), h.series().size() - 1));
                appendSeries(out, h);
                out.append(String.format("      in %s%s%n", t(s.accumulationPoint()),
                        s.instances() > 1 ? " (and " + (s.instances() - 1) + " more with the same holder)" : ""));
                int note = h.description().lastIndexOf("; ");
                if (note > 0 && h.description().contains("more specific holders")) { // a container: say whose growth it is
                    out.append("      ").append(t(h.description().substring(note + 2))).append('\n');
                }
                TextReport.appendPath(out, s.path(), "      ");
            }
            out.append('\n');
        }

        List<HolderDiff> others = DiffJsonReport.shown(r, top).stream().filter(h -> h.verdict() != HolderVerdict.GROWING).toList();
        if (!others.isEmpty()) {
            out.append("OTHER HOLDERS\n");
            out.append(String.format("  %-11s %12s %12s  %s%n", "verdict", "growth", "last", "holder (elements)"));
            for (HolderDiff h : others) {
                SeriesPoint last = h.series().get(h.series().size() - 1);
                out.append(String.format("  %-11s %12s %12s  %s (%s)%n", h.verdict().label(), ByteSize.signed(h.growthBytes()),
                        last.present() ? ByteSize.format(last.totalBytes()) : "-", t(h.suspect().holder()), t(h.suspect().accumulatedClass())));
            }
            out.append('\n');
        }

        out.append("CLASSES (top ").append(Math.min(top, r.classes().size())).append(" of ").append(r.classes().size())
                .append(", by shallow growth; reachable objects; last dump minus first)\n");
        out.append(String.format("  %12s %12s %12s  %s%n", "count Δ", "shallow Δ", "retained Δ", "class"));
        for (ClassDiff c : r.classes().subList(0, Math.min(top, r.classes().size()))) {
            out.append(String.format("  %+,12d %12s %12s  %s%n", c.countDelta(), ByteSize.signed(c.shallowDelta()), ByteSize.signed(c.retainedDelta()), t(c.className())));
        }
        out.append('\n');
        out.append(String.format("compared in %.1f s%n", r.totalMillis() / 1000.0));
        return TerminalText.escapeControls(out.toString());
    }

    private static void appendSeries(StringBuilder out, HolderDiff h) {
        boolean anyNative = h.series().stream().anyMatch(p -> p.nativeBytes() > 0);
        line(out, "heap", h.series(), p -> ByteSize.format(p.retainedBytes()));
        if (anyNative) line(out, "native", h.series(), p -> ByteSize.format(p.nativeBytes()));
        line(out, "count", h.series(), p -> String.format("%,d", p.count()));
    }

    private static void line(StringBuilder out, String label, List<SeriesPoint> series, Function<SeriesPoint, String> f) {
        out.append(String.format("      %-8s", label + ":"));
        for (int i = 0; i < series.size(); i++) {
            if (i > 0) out.append(" → ");
            out.append(series.get(i).present() ? f.apply(series.get(i)) : "-");
        }
        out.append('\n');
    }

    private static String t(String s) {
        return TerminalText.escape(s);
    }
}

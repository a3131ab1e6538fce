package io.heapsight.analysis.sections;

import io.heapsight.analysis.AnalysisReport;
import io.heapsight.analysis.DominatorTree;
import io.heapsight.analysis.query.AnalysisContext;
import io.heapsight.analysis.query.QueryArgs;
import io.heapsight.analysis.query.ReportSection;
import io.heapsight.analysis.result.Column;
import io.heapsight.analysis.result.ObjectRef;
import io.heapsight.analysis.result.Result;
import io.heapsight.analysis.result.Table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The biggest objects that only the GC roots keep alive (top of the dominator tree), by retained size. */
public final class DominatorsSection implements ReportSection {
    @Override
    public String name() { return "dominators"; }

    @Override
    public String description() { return "Biggest dominators: what the GC roots keep alive"; }

    @Override
    public int order() { return 300; }


    private record Biggest(int[] objects) {}

    /** The {@code --top} biggest top-level dominators, sorted once per context (the JSON report lists them too). */
    public static int[] biggest(AnalysisContext c) {
        return c.shared(Biggest.class, x -> new Biggest(biggest(x.dominators(), x.options().top()))).objects();
    }

    /** The top-level dominators, biggest retained size first, at most {@code top}. */
    public static int[] biggest(DominatorTree dom, int top) {
        int[] tops = dom.topLevel();
        Integer[] order = new Integer[tops.length];
        for (int i = 0; i < tops.length; i++) order[i] = tops[i];
        Arrays.sort(order, (a, b) -> Long.compare(dom.retainedSize(b), dom.retainedSize(a)));
        int[] out = new int[Math.min(top, order.length)];
        for (int i = 0; i < out.length; i++) out[i] = order[i];
        return out;
    }

    /** One of the biggest dominators as results name it. */
    public record Row(ObjectRef ref, String object, String className, long shallowBytes, long retainedBytes) {}

    /** The biggest top-level dominators (the context's --top of them), how many there are and the reachable heap. */
    public record Shown(List<Row> rows, long topLevel, long reachableBytes) {}

    public static Shown collect(AnalysisContext c) {
        DominatorTree dom = c.dominators();
        List<Row> rows = new ArrayList<>();
        for (int o : biggest(c)) {
            rows.add(new Row(c.ref(o), c.heap().describe(o), c.heap().classOfObject(o).name(), c.heap().shallowSize(o), dom.retainedSize(o)));
        }
        return new Shown(rows, dom.topLevel().length, dom.reachableBytes());
    }

    /** The JSON report's dominators: the first {@code top}. */
    public static List<AnalysisReport.Dominator> dominators(Shown s, int top) {
        long total = Math.max(1, s.reachableBytes());
        List<AnalysisReport.Dominator> out = new ArrayList<>();
        for (Row r : Rows.first(s.rows(), top)) {
            out.add(new AnalysisReport.Dominator(r.object(), r.className(), r.shallowBytes(), r.retainedBytes(), (double) r.retainedBytes() / total));
        }
        return out;
    }

    @Override
    public Result run(AnalysisContext c, QueryArgs args) {
        return render(collect(c), c.options().top());
    }

    public static Result render(Shown s, int top) {
        long total = Math.max(1, s.reachableBytes());
        List<List<Object>> rows = new ArrayList<>();
        for (Row r : Rows.first(s.rows(), top)) {
            rows.add(List.of(r.retainedBytes(), (double) r.retainedBytes() / total, r.shallowBytes(), r.ref()));
        }
        return new Table("Biggest dominators", List.of(Column.bytes("retainedBytes", "retained"),
                Column.fraction("heapFraction", "of reachable"), Column.bytes("shallowBytes", "shallow"),
                Column.object("object", "object")), rows, s.topLevel(), 0);
    }
}

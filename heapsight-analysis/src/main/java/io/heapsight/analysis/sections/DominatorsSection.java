package io.heapsight.analysis.sections;

import io.heapsight.analysis.DominatorTree;
import io.heapsight.analysis.query.AnalysisContext;
import io.heapsight.analysis.query.QueryArgs;
import io.heapsight.analysis.query.ReportSection;
import io.heapsight.analysis.result.Column;
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

    @Override
    public Result run(AnalysisContext c, QueryArgs args) {
        DominatorTree dom = c.dominators();
        int[] biggest = biggest(c);
        long total = Math.max(1, dom.reachableBytes());
        List<List<Object>> rows = new ArrayList<>();
        for (int o : biggest) {
            rows.add(List.of(dom.retainedSize(o), (double) dom.retainedSize(o) / total, c.heap().shallowSize(o), c.ref(o)));
        }
        return new Table("Biggest dominators", List.of(Column.bytes("retainedBytes", "retained"),
                Column.fraction("heapFraction", "of reachable"), Column.bytes("shallowBytes", "shallow"),
                Column.object("object", "object")), rows, dom.topLevel().length, 0);
    }
}

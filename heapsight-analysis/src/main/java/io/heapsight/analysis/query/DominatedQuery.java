package io.heapsight.analysis.query;

import io.heapsight.analysis.DominatorTree;
import io.heapsight.analysis.result.Column;
import io.heapsight.analysis.result.Result;
import io.heapsight.analysis.result.Table;
import io.heapsight.heap.HeapSnapshot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The objects an object dominates (its children in the dominator tree: what would be freed with it), largest
 * retained first, paged; without an object, the dominator tree's roots (what the GC roots keep alive). Each row says
 * how many objects it dominates in turn, so a view can expand the tree lazily. Arguments: object (optional), offset, limit.
 */
public final class DominatedQuery implements HeapQuery {
    @Override
    public String name() { return "dominated"; }

    @Override
    public String description() { return "objects an object dominates, largest retained first; without an object, the dominator tree's roots"; }

    static final class SortedChildren {
        final ConcurrentHashMap<Integer, int[]> byParent = new ConcurrentHashMap<>();
    }

    @Override
    public Result run(AnalysisContext ctx, QueryArgs args) {
        HeapSnapshot heap = ctx.heap();
        DominatorTree dom = ctx.dominators();
        String object = args.string("object", null);
        int parent = object == null ? DominatorTree.ROOT : ctx.objectIndex(args.objectId("object"));
        long offset = args.offset();
        int limit = args.limit(100, 10_000);
        SortedChildren cache = ctx.shared(SortedChildren.class, c -> new SortedChildren());
        int[] children = cache.byParent.computeIfAbsent(parent, p -> {
            int[] c;
            if (p == DominatorTree.ROOT) c = dom.topLevel().clone();
            else {
                c = new int[dom.childCount(p)];
                for (int k = dom.childStart(p), i = 0; k < dom.childEnd(p); k++) c[i++] = dom.child(k);
            }
            IntOrder.sortDescending(c, dom::retainedSize);
            return c;
        });
        long reachable = Math.max(1, dom.reachableBytes());
        List<List<Object>> rows = new ArrayList<>();
        for (long i = offset; i < children.length && rows.size() < limit; i++) {
            int o = children[(int) i];
            rows.add(Arrays.asList(ctx.ref(o), heap.classOfObject(o).name(), heap.shallowSize(o), dom.retainedSize(o),
                    (double) dom.retainedSize(o) / reachable, (long) dom.childCount(o)));
        }
        String title = parent == DominatorTree.ROOT ? "Dominator tree roots" : "Dominated by " + ctx.ref(parent).display();
        return new Table(title, List.of(Columns.OBJECT_ID, Columns.CLASS_NAME, Columns.SHALLOW, Columns.RETAINED, Columns.FRACTION,
                Column.count("dominates", "dominates")), rows, children.length, offset);
    }
}

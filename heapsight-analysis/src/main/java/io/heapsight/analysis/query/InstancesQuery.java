package io.heapsight.analysis.query;

import io.heapsight.analysis.ClassInstances;
import io.heapsight.analysis.DominatorTree;
import io.heapsight.analysis.result.Result;
import io.heapsight.analysis.result.Table;
import io.heapsight.heap.HeapSnapshot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The instances of one class, largest retained (or shallow) first, paged. Arguments: class (id or name), sort
 * (retained|shallow), offset, limit. The sorted list of a class is kept, so paging through a million instances sorts once.
 */
public final class InstancesQuery implements HeapQuery {
    @Override
    public String name() { return "instances"; }

    @Override
    public String description() { return "instances of a class, largest retained first (paged)"; }

    /** Sorted instance lists already computed, per (class, sort). */
    static final class SortedInstances {
        final ConcurrentHashMap<String, int[]> byKey = new ConcurrentHashMap<>();
    }

    static ClassInstances instances(AnalysisContext ctx) {
        return ctx.shared(ClassInstances.class, c -> ClassInstances.build(c.heap(), c.dominators(), !c.options().allObjects()));
    }

    @Override
    public Result run(AnalysisContext ctx, QueryArgs args) {
        int classIndex = ClassLookup.find(ctx, args.required("class"));
        String sort = args.string("sort", "retained");
        if (!sort.equals("retained") && !sort.equals("shallow")) throw QueryException.badArgument("sort must be retained or shallow: " + sort);
        long offset = args.offset();
        int limit = args.limit(100, 10_000);
        HeapSnapshot heap = ctx.heap();
        DominatorTree dom = ctx.dominators();
        SortedInstances cache = ctx.shared(SortedInstances.class, c -> new SortedInstances());
        int[] sorted = cache.byKey.computeIfAbsent(classIndex + "/" + sort, k -> {
            int[] objs = instances(ctx).instances(classIndex);
            if (sort.equals("retained")) IntOrder.sortDescending(objs, dom::retainedSize);
            else IntOrder.sortDescending(objs, heap::shallowSize);
            return objs;
        });
        List<List<Object>> rows = new ArrayList<>();
        for (long i = offset; i < sorted.length && rows.size() < limit; i++) {
            int o = sorted[(int) i];
            rows.add(Arrays.asList(ctx.ref(o), heap.classOfObject(o).name(), heap.shallowSize(o), dom.retainedSize(o)));
        }
        return new Table("Instances of " + heap.heapClass(classIndex).name(),
                List.of(Columns.OBJECT_ID, Columns.CLASS_NAME, Columns.SHALLOW, Columns.RETAINED), rows, sorted.length, offset);
    }
}

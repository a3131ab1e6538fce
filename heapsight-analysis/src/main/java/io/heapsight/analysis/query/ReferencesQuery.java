package io.heapsight.analysis.query;

import io.heapsight.analysis.result.Result;
import io.heapsight.analysis.result.Table;
import io.heapsight.heap.HeapSnapshot;

import java.util.ArrayList;
import java.util.List;

/** Outgoing references: the objects one object points at, with the field holding each, paged. Arguments: object, offset, limit. */
public final class ReferencesQuery implements HeapQuery {
    @Override
    public String name() { return "references"; }

    @Override
    public String description() { return "outgoing references: what an object points at, by which field (paged)"; }

    @Override
    public Result run(AnalysisContext ctx, QueryArgs args) {
        HeapSnapshot heap = ctx.heap();
        int obj = ctx.objectIndex(args.objectId("object"));
        long offset = args.offset();
        int limit = args.limit(100, 10_000);
        int start = heap.edgeStart(obj), total = heap.edgeEnd(obj) - start;
        List<List<Object>> rows = new ArrayList<>();
        for (long k = offset; k < total && rows.size() < limit; k++) {
            int to = heap.edgeTarget(start + (int) k);
            rows.add(Columns.referenceRow(ctx, to, obj, to));
        }
        return new Table("References of " + ctx.ref(obj).display(), Columns.REFERENCE, rows, total, offset);
    }
}

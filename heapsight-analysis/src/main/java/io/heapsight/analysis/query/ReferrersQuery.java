package io.heapsight.analysis.query;

import io.heapsight.analysis.ReverseEdges;
import io.heapsight.analysis.result.Result;
import io.heapsight.analysis.result.Table;

import java.util.ArrayList;
import java.util.List;

/**
 * Incoming references: the objects that point at one object, each with the field (or array slot) that holds the
 * reference, paged. Arguments: object (hex id), offset, limit. The reverse edges are built once per dump.
 */
public final class ReferrersQuery implements HeapQuery {
    @Override
    public String name() { return "referrers"; }

    @Override
    public String description() { return "incoming references: who points at an object, by which field (paged)"; }

    @Override
    public Result run(AnalysisContext ctx, QueryArgs args) {
        int obj = ctx.objectIndex(args.objectId("object"));
        long offset = args.offset();
        int limit = args.limit(100, 10_000);
        ReverseEdges in = ctx.shared(ReverseEdges.class, c -> ReverseEdges.build(c.heap()));
        int total = in.count(obj);
        List<List<Object>> rows = new ArrayList<>();
        for (long k = offset; k < total && rows.size() < limit; k++) {
            int from = in.source(obj, (int) k);
            rows.add(Columns.referenceRow(ctx, from, from, obj));
        }
        return new Table("Referrers of " + ctx.ref(obj).display(), Columns.REFERENCE, rows, total, offset);
    }
}

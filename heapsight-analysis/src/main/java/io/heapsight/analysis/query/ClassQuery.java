package io.heapsight.analysis.query;

import io.heapsight.analysis.Histogram;
import io.heapsight.analysis.result.Column;
import io.heapsight.analysis.result.ObjectRef;
import io.heapsight.analysis.result.Result;
import io.heapsight.analysis.result.Table;
import io.heapsight.heap.HeapClass;
import io.heapsight.heap.HeapSnapshot;

import java.util.Arrays;
import java.util.List;

/**
 * One class: its id, super class, class loader, instance size and the count, shallow and retained size of all its
 * instances (the retained size of the set, without double counting nested instances). Argument: class (id or name).
 */
public final class ClassQuery implements HeapQuery {
    @Override
    public String name() { return "class"; }

    @Override
    public String description() { return "a class: super class, loader, instance size, and what all its instances hold"; }

    @Override
    public Result run(AnalysisContext ctx, QueryArgs args) {
        HeapSnapshot heap = ctx.heap();
        int c = ClassLookup.find(ctx, args.required("class"));
        HeapClass k = heap.heapClass(c);
        Histogram.Row row = null;
        for (Histogram.Row r : HistogramQuery.histogram(ctx).rows()) {
            if (r.classIndex() == c) {
                row = r;
                break;
            }
        }
        HeapClass sup = k.superIndex() >= 0 ? heap.heapClass(k.superIndex()) : null;
        int loader = k.loaderId() == 0 ? -1 : heap.indexOfId(k.loaderId());
        List<Object> cells = Arrays.asList(
                k.id() == 0 ? null : ObjectRef.ofClass(k.id(), k.name()), k.name(),
                sup == null || sup.id() == 0 ? null : ObjectRef.ofClass(sup.id(), sup.name()),
                sup == null ? null : sup.name(),
                loader < 0 ? null : ctx.ref(loader),
                k.loaderId() == 0 ? "<bootstrap>" : loader < 0 ? "0x" + Long.toHexString(k.loaderId()) : ctx.ref(loader).display(),
                k.isArray() ? null : k.instanceSize(),
                row == null ? 0L : row.count(), row == null ? 0L : row.shallowBytes(), row == null ? 0L : row.retainedBytes());
        return Table.of("Class " + k.name(), List.of(Columns.CLASS_ID, Columns.CLASS_NAME,
                Column.classRef("superId", "super class id"), Column.text("superName", "super class"),
                Column.object("loaderId", "class loader object"), Column.text("loader", "class loader"),
                Column.bytes("instanceSize", "instance size"), Columns.COUNT, Columns.SHALLOW, Columns.RETAINED), List.of(cells));
    }
}

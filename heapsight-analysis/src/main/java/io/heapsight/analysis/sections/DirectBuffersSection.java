package io.heapsight.analysis.sections;

import io.heapsight.analysis.AnalysisOptions;
import io.heapsight.common.ByteSize;
import io.heapsight.analysis.DirectBufferInspection;
import io.heapsight.analysis.NativeMemory;
import io.heapsight.analysis.query.AnalysisContext;
import io.heapsight.analysis.query.QueryArgs;
import io.heapsight.analysis.query.ReportSection;
import io.heapsight.analysis.result.Column;
import io.heapsight.analysis.result.ObjectRef;
import io.heapsight.analysis.result.Result;
import io.heapsight.analysis.result.Sections;
import io.heapsight.analysis.result.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Inspection: direct ByteBuffers by the native memory they own, and what holds them. */
public final class DirectBuffersSection implements ReportSection {

    @Override
    public String name() { return "direct-buffers"; }

    @Override
    public String description() { return "Direct buffers: native memory owned by direct ByteBuffers"; }

    @Override
    public int order() { return 700; }

    @Override
    public boolean enabled(AnalysisOptions options) { return options.inspections(); }

    public static DirectBufferInspection.Result result(AnalysisContext c) {
        NativeMemory nativeMemory = LeakSuspectsSection.nativeMemory(c); // the suspects' own (not inside another shared build)
        return c.shared(DirectBufferInspection.Result.class,
                x -> DirectBufferInspection.inspect(x.heap(), x.dominators(), x.paths(), x.options().top(), () -> nativeMemory));
    }

    /** The inspection (the context's --top of each list) with each listed buffer as results name it. */
    public record Shown(DirectBufferInspection.Result result, List<ObjectRef> largest) {}

    public static Shown collect(AnalysisContext c) {
        DirectBufferInspection.Result r = result(c);
        return new Shown(r, r.largest().stream().map(b -> c.ref(b.objectIndex())).toList());
    }

    /** The JSON report's inspection: the totals and the first {@code top} of each list. */
    public static DirectBufferInspection.Result first(Shown s, int top) {
        DirectBufferInspection.Result r = s.result();
        return new DirectBufferInspection.Result(r.buffers(), r.ownedCapacity(), r.reachableCapacity(), r.unreachableCapacity(),
                Rows.first(r.largest(), top), Rows.first(r.byHolder(), top));
    }

    @Override
    public Result run(AnalysisContext c, QueryArgs args) {
        return render(collect(c), c.options().top());
    }

    public static Result render(Shown s, int top) {
        DirectBufferInspection.Result r = first(s, top);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < r.largest().size(); i++) {
            DirectBufferInspection.Buffer b = r.largest().get(i);
            rows.add(List.of(b.capacity(), s.largest().get(i), b.reachable() ? "yes" : "no", b.holder()));
        }
        List<List<Object>> holders = new ArrayList<>();
        for (DirectBufferInspection.Holder h : r.byHolder()) {
            holders.add(List.of(h.capacity(), h.buffers(), h.heapRetainedBytes(), h.holder(), h.accumulationPoint()));
        }
        Table byHolder = Table.of("By holder", List.of(Column.bytes("capacityBytes", "native"), Column.count("buffers", "buffers"),
                Column.bytes("heapRetainedBytes", "heap retained"), Column.text("holder", "held by"),
                Column.text("accumulationPoint", "in")), holders);
        Table table = Table.of("Largest", List.of(Column.bytes("capacityBytes", "capacity"), Column.object("buffer", "buffer"),
                Column.text("reachable", "reachable"), Column.text("holder", "held by")), rows);
        String summary = String.format(Locale.ROOT, "%,d buffers owning %s native memory (%s reachable, %s waiting for cleanup)",
                r.buffers(), ByteSize.format(r.ownedCapacity()), ByteSize.format(r.reachableCapacity()),
                ByteSize.format(r.unreachableCapacity()));
        return new Sections("Direct buffers", summary, List.of(byHolder, table));
    }
}

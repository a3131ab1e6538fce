package io.heapsight.analysis.sections;

import io.heapsight.analysis.AnalysisOptions;
import io.heapsight.common.ByteSize;
import io.heapsight.analysis.FinalizerInspection;
import io.heapsight.analysis.query.AnalysisContext;
import io.heapsight.analysis.query.QueryArgs;
import io.heapsight.analysis.query.ReportSection;
import io.heapsight.analysis.result.Column;
import io.heapsight.analysis.result.Result;
import io.heapsight.analysis.result.Sections;
import io.heapsight.analysis.result.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Inspection: objects waiting for finalization, by class (a backlog pins memory). */
public final class FinalizerSection implements ReportSection {

    @Override
    public String name() { return "finalizer"; }

    @Override
    public String description() { return "Finalizer backlog: objects waiting for finalization"; }

    @Override
    public int order() { return 600; }

    @Override
    public boolean enabled(AnalysisOptions options) { return options.inspections(); }

    public static FinalizerInspection.Result result(AnalysisContext c) {
        return c.shared(FinalizerInspection.Result.class, x -> FinalizerInspection.inspect(x.heap(), x.options().top()));
    }

    @Override
    public Result run(AnalysisContext c, QueryArgs args) {
        return render(result(c), c.options().top());
    }

    /** The totals and the first {@code top} classes. */
    public static FinalizerInspection.Result first(FinalizerInspection.Result r, int top) {
        return new FinalizerInspection.Result(r.pending(), r.shallowBytes(), Rows.first(r.byClass(), top));
    }

    public static Result render(FinalizerInspection.Result all, int top) {
        FinalizerInspection.Result r = first(all, top);
        List<List<Object>> rows = new ArrayList<>();
        for (FinalizerInspection.Pending p : r.byClass()) rows.add(List.of(p.count(), p.shallowBytes(), p.className()));
        Table table = Table.of("Waiting, by class", List.of(Column.count("count", "objects"),
                Column.bytes("shallowBytes", "shallow"), Column.text("className", "class")), rows);
        String summary = String.format(Locale.ROOT, "%,d objects waiting for finalization (%s)", r.pending(),
                ByteSize.format(r.shallowBytes()));
        return new Sections("Finalizer backlog", summary, List.of(table));
    }
}

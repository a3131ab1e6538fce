package io.heapsight.analysis.sections;

import io.heapsight.common.ByteSize;
import io.heapsight.analysis.Histogram;
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

/** The class histogram with retained sizes, by shallow size: the first page of {@code --top} rows. */
public final class ClassHistogramSection implements ReportSection {

    @Override
    public String name() { return "class-histogram"; }

    @Override
    public String description() { return "Class histogram: instances, shallow and retained size per class"; }

    @Override
    public int order() { return 200; }

    /** The histogram of this dump, computed once per context (analyze, diff and the explorer's histogram share it). */
    public static Histogram histogram(AnalysisContext c) {
        return c.shared(Histogram.class, x -> Histogram.computeOrLoad(x.heap(), x.dominators(), x.source(), x.options().allObjects(), x.progress()));
    }

    @Override
    public Result run(AnalysisContext c, QueryArgs args) {
        return render(histogram(c), c.options().top());
    }

    /** The first {@code top} rows of the histogram (every row is kept: the JSON report lists them all). */
    public static Result render(Histogram h, int top) {
        List<Histogram.Row> all = h.rows();
        List<List<Object>> rows = new ArrayList<>();
        for (Histogram.Row r : Rows.first(all, top)) {
            rows.add(List.of(r.count(), r.shallowBytes(), r.retainedBytes(), r.className()));
        }
        Table table = new Table("Classes", List.of(Column.count("count", "count"), Column.bytes("shallowBytes", "shallow"),
                Column.bytes("retainedBytes", "retained"), Column.text("className", "class")), rows, all.size(), 0);
        String summary = h.includesUnreachable()
                ? "By shallow size, all objects (reachable or not)."
                : "By shallow size, reachable objects" + (h.unreachableCount() == 0 ? "."
                : String.format(Locale.ROOT, "; %,d unreachable objects (%s) are not in these rows: --all-objects counts them.",
                        h.unreachableCount(), ByteSize.format(h.unreachableBytes())));
        return new Sections("Class histogram", summary, List.of(table));
    }
}

package io.heapsight.analysis.sections;

import io.heapsight.analysis.AnalysisOptions;
import io.heapsight.common.ByteSize;
import io.heapsight.analysis.DuplicateStrings;
import io.heapsight.analysis.query.AnalysisContext;
import io.heapsight.analysis.query.QueryArgs;
import io.heapsight.analysis.query.ReportSection;
import io.heapsight.analysis.result.Column;
import io.heapsight.analysis.result.Result;
import io.heapsight.analysis.result.Sections;
import io.heapsight.analysis.result.Table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Inspection: strings with equal text held more than once (what deduplication would save). */
public final class DuplicateStringsSection implements ReportSection {

    @Override
    public String name() { return "duplicate-strings"; }

    @Override
    public String description() { return "Duplicate strings: equal text held more than once"; }

    @Override
    public int order() { return 400; }

    @Override
    public boolean enabled(AnalysisOptions options) { return options.inspections(); }

    /** The findings, once per context (one more pass over the dump). */
    public static DuplicateStrings.Result result(AnalysisContext c) throws IOException {
        try {
            return c.shared(DuplicateStrings.Result.class, x -> {
                try {
                    return DuplicateStrings.findOrLoad(x.heap(), x.dominators(), x.source(), x.options().top(), x.progress());
                } catch (IOException e) {
                    throw new UncheckedIOException(e); // through the shared-value function, unwrapped below
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public Result run(AnalysisContext c, QueryArgs args) throws IOException {
        return render(result(c), c.options().top());
    }

    /** The totals and the first {@code top} groups. */
    public static DuplicateStrings.Result first(DuplicateStrings.Result r, int top) {
        return r.top().size() <= top ? r : new DuplicateStrings.Result(r.strings(), r.distinct(), r.wastedBytes(), Rows.first(r.top(), top));
    }

    public static Result render(DuplicateStrings.Result all, int top) {
        DuplicateStrings.Result r = first(all, top);
        List<List<Object>> rows = new ArrayList<>();
        for (DuplicateStrings.Group g : r.top()) rows.add(List.of(g.count(), g.wastedBytes(), g.bytesEach(), g.text()));
        Table table = Table.of("Most wasteful", List.of(Column.count("count", "copies"), Column.bytes("wastedBytes", "wasted"),
                Column.bytes("bytesEach", "each"), Column.text("text", "text")), rows);
        String summary = String.format(Locale.ROOT, "%,d strings, %,d distinct, %s wasted", r.strings(), r.distinct(),
                ByteSize.format(r.wastedBytes()));
        return new Sections("Duplicate strings", summary, List.of(table));
    }
}

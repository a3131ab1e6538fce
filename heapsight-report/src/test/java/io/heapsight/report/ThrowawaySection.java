package io.heapsight.report;

import io.heapsight.analysis.query.AnalysisContext;
import io.heapsight.analysis.query.QueryArgs;
import io.heapsight.analysis.query.ReportSection;
import io.heapsight.analysis.result.Column;
import io.heapsight.analysis.result.Result;
import io.heapsight.analysis.result.Table;

import java.util.ArrayList;
import java.util.List;

/**
 * An analysis that exists only in this test source folder (registered by src/test/resources/META-INF/services):
 * the instances of com.example.Holder, each with its retained size. No presenter knows it.
 */
public final class ThrowawaySection implements ReportSection {
    static final String TITLE = "Throwaway: holders and what they retain";

    @Override
    public String name() { return "throwaway-holders"; }

    @Override
    public String description() { return "Test-only analysis: com.example.Holder instances"; }

    @Override
    public int order() { return 150; } // between the suspects (100) and the histogram (200)

    @Override
    public Result run(AnalysisContext c, QueryArgs args) {
        List<List<Object>> rows = new ArrayList<>();
        for (int o = 0; o < c.heap().objectCount(); o++) {
            if (c.heap().classOfObject(o).name().equals("com.example.Holder")) {
                rows.add(List.of(c.ref(o), c.dominators().retainedSize(o), "note <script>alert(1)</script>"));
            }
        }
        return Table.of(TITLE, List.of(Column.object("holder", "holder"), Column.bytes("retainedBytes", "retained"),
                Column.text("remark", "remark")), rows);
    }
}

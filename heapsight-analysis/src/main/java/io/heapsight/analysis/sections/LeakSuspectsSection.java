package io.heapsight.analysis.sections;

import io.heapsight.analysis.LeakSuspects;
import io.heapsight.analysis.NativeMemory;
import io.heapsight.analysis.Suspect;
import io.heapsight.analysis.query.AnalysisContext;
import io.heapsight.analysis.query.QueryArgs;
import io.heapsight.analysis.query.ReportSection;
import io.heapsight.analysis.result.Column;
import io.heapsight.analysis.result.Note;
import io.heapsight.analysis.result.ObjectRef;
import io.heapsight.analysis.result.Path;
import io.heapsight.analysis.result.Result;
import io.heapsight.analysis.result.Sections;
import io.heapsight.analysis.result.Table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Leak suspects: an overview table, then one block per suspect with its description and its path from a GC root
 * (the layout of MAT's leak-suspects report).
 */
public final class LeakSuspectsSection implements ReportSection {

    @Override
    public String name() { return "suspects"; }

    @Override
    public String description() { return "Leak suspects: where memory accumulates and the field that holds it"; }

    @Override
    public int order() { return 100; }

    private record Found(List<Suspect> suspects) {}

    /** The suspects of this dump, found once per context (the JSON report's "suspects" lists them too). */
    public static List<Suspect> suspects(AnalysisContext c) {
        // the candidates need no paths: the report finds them on its second thread during the BFS (sharedLater)
        LeakSuspects.Candidates candidates = c.shared(LeakSuspects.Candidates.class, x -> candidates(x));
        NativeMemory nativeMemory = nativeMemory(c); // not inside another shared build (the map's lock)
        return c.shared(Found.class, x -> new Found(LeakSuspects.find(x.heap(), x.dominators(), x.paths(),
                x.options().suspectMinFraction(), x.options().top(), candidates, nativeMemory))).suspects();
    }

    /** Native memory along the shortest paths, computed once per context (a walk of every object): the direct-buffer inspection uses it too. */
    public static NativeMemory nativeMemory(AnalysisContext c) {
        return c.shared(NativeMemory.class, x -> NativeMemory.compute(x.heap(), x.dominators(), x.paths()));
    }

    /** What {@link #suspects} starts from, found from the dominator tree alone. */
    public static LeakSuspects.Candidates candidates(AnalysisContext c) {
        return LeakSuspects.candidates(c.heap(), c.dominators(), c.options().suspectMinFraction());
    }

    /** A suspect with its accumulation point and path as results name them: rendered without the model. */
    public record Shown(Suspect suspect, ObjectRef point, Path path) {}

    /** Every suspect of this context (its --top of them), resolved for rendering. */
    public static List<Shown> collect(AnalysisContext c) {
        List<Shown> out = new ArrayList<>();
        for (Suspect s : suspects(c)) {
            out.add(new Shown(s, s.accumulationPointIndex() < 0 ? null : c.ref(s.accumulationPointIndex()), c.path(s.path())));
        }
        return out;
    }

    /** The first {@code top} suspects (ranks are kept before any cut, so any top is a prefix). */
    public static List<Suspect> suspects(List<Shown> shown, int top) {
        return Rows.first(shown, top).stream().map(Shown::suspect).toList();
    }

    @Override
    public Result run(AnalysisContext c, QueryArgs args) {
        return render(collect(c), c.options().top());
    }

    public static Result render(List<Shown> all, int top) {
        List<Shown> suspects = Rows.first(all, top);
        if (suspects.isEmpty()) {
            return new Note("Leak suspects", "none: no accumulation point retains a notable share of the heap");
        }
        // native memory only when some suspect pins any (a column of zeros says nothing)
        boolean anyNative = suspects.stream().anyMatch(s -> s.suspect().nativeBytes() > 0);
        // the holder first among the names: it is what the reader looks for; the long names last
        List<Column> columns = new ArrayList<>(List.of(Column.count("rank", "#"), Column.bytes("retainedBytes", "retained")));
        if (anyNative) columns.add(Column.bytes("nativeBytes", "native"));
        columns.addAll(List.of(Column.fraction("heapFraction", "of heap"), Column.count("count", "count"),
                Column.count("instances", "points"), Column.text("holder", "held by"),
                Column.text("accumulatedClass", "accumulates"), Column.object("accumulationPoint", "in")));
        List<List<Object>> rows = new ArrayList<>();
        List<Result> parts = new ArrayList<>();
        for (Shown shown : suspects) {
            Suspect s = shown.suspect();
            List<Object> row = new ArrayList<>(Arrays.asList((long) s.rank(), s.retainedBytes()));
            if (anyNative) row.add(s.nativeBytes());
            row.addAll(Arrays.asList(s.heapFraction(), s.count(), (long) s.instances(), s.holder(), s.accumulatedClass(), shown.point()));
            rows.add(row);
        }
        parts.add(Table.of("Suspects", columns, rows));
        for (Shown shown : suspects) {
            Suspect s = shown.suspect();
            Table path = Table.of("Path from a GC root", List.of(Column.path("path", "path from a GC root")),
                    List.of(List.of(shown.path())));
            parts.add(new Sections("#" + s.rank() + "  " + s.holder(), s.description(), List.of(path)));
        }
        return new Sections("Leak suspects", null, parts);
    }
}

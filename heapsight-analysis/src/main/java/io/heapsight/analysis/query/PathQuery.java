package io.heapsight.analysis.query;

import io.heapsight.analysis.GcRootPaths;
import io.heapsight.analysis.PathStep;
import io.heapsight.analysis.result.Column;
import io.heapsight.analysis.result.Path;
import io.heapsight.analysis.result.Result;
import io.heapsight.analysis.result.Table;

import java.util.ArrayList;
import java.util.List;

/**
 * The shortest path from a GC root to an object, as one PATH cell (so every presenter draws paths one way).
 * Weak, soft and phantom references are not followed unless {@code weak=true}. Arguments: object, weak.
 */
public final class PathQuery implements HeapQuery {
    @Override
    public String name() { return "path"; }

    @Override
    public String description() { return "shortest path from a GC root (weak/soft/phantom references excluded unless weak=true)"; }

    /** The paths through weak references too, computed on first use when the context's paths exclude them. */
    record WeakPaths(GcRootPaths paths) {}

    @Override
    public Result run(AnalysisContext ctx, QueryArgs args) {
        int obj = ctx.objectIndex(args.objectId("object"));
        boolean weak = args.flag("weak");
        GcRootPaths paths = ctx.paths();
        if (weak != paths.includesWeak()) {
            paths = weak ? ctx.shared(WeakPaths.class, c -> new WeakPaths(GcRootPaths.compute(c.heap(), true))).paths()
                    : GcRootPaths.compute(ctx.heap(), false);
        }
        Path path = path(ctx, paths, obj);
        String title = (path.isEmpty() ? "No path" : "Path") + " from a GC root to " + ctx.ref(obj).display()
                + (weak ? " (through weak references too)" : "");
        return Table.of(title, List.of(Column.path("path", "path from a GC root")), List.of(List.of(path)));
    }

    /** The path of obj in result form, root first. */
    static Path path(AnalysisContext ctx, GcRootPaths paths, int obj) {
        List<Integer> objs = paths.objectsOnPath(obj);
        if (objs.isEmpty()) return Path.none();
        List<Path.Step> steps = new ArrayList<>(objs.size());
        List<PathStep> named = paths.path(obj);
        for (int i = 0; i < objs.size(); i++) {
            steps.add(new Path.Step(i == 0 ? null : named.get(i).via(), ctx.ref(objs.get(i))));
        }
        int root = objs.get(0);
        return new Path(paths.rootKindOf(root).label(), paths.describeRoot(root), steps);
    }
}

package io.heapsight.analysis.sections;

import io.heapsight.analysis.AnalysisOptions;
import io.heapsight.analysis.ClassLoaderInspection;
import io.heapsight.analysis.query.AnalysisContext;
import io.heapsight.analysis.query.QueryArgs;
import io.heapsight.analysis.query.ReportSection;
import io.heapsight.analysis.result.Column;
import io.heapsight.analysis.result.ObjectRef;
import io.heapsight.analysis.result.Path;
import io.heapsight.analysis.result.Result;
import io.heapsight.analysis.result.Sections;
import io.heapsight.analysis.result.Table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Inspection: class loaders by retained size, and classes defined by more than one loader (redeploy leaks), with the
 * path that pins each loader whose classes are duplicated.
 */
public final class ClassLoadersSection implements ReportSection {

    @Override
    public String name() { return "class-loaders"; }

    @Override
    public String description() { return "Class loaders: classes defined, retained size, classes defined more than once"; }

    @Override
    public int order() { return 500; }

    @Override
    public boolean enabled(AnalysisOptions options) { return options.inspections(); }

    public static ClassLoaderInspection.Result result(AnalysisContext c) {
        return c.shared(ClassLoaderInspection.Result.class,
                x -> ClassLoaderInspection.inspect(x.heap(), x.dominators(), x.paths(), x.options().top()));
    }

    /** A loader with its class, object and pinning path as results name them (null for the bootstrap loader). */
    public record LoaderRow(ClassLoaderInspection.Loader loader, String loaderClass, ObjectRef ref, Path pinnedBy) {}

    /** The loaders and duplicated classes (the context's --top of each), resolved for rendering. */
    public record Shown(List<LoaderRow> loaders, List<ClassLoaderInspection.DuplicateClass> duplicateClasses, int duplicatedClassCount) {}

    public static Shown collect(AnalysisContext c) {
        ClassLoaderInspection.Result r = result(c);
        List<LoaderRow> loaders = new ArrayList<>();
        for (ClassLoaderInspection.Loader l : r.loaders()) {
            boolean bootstrap = l.objectIndex() < 0;
            loaders.add(new LoaderRow(l, bootstrap ? null : c.heap().classOfObject(l.objectIndex()).name(),
                    bootstrap ? null : c.ref(l.objectIndex()), l.pinnedBy().isEmpty() ? null : c.path(l.pinnedBy())));
        }
        return new Shown(loaders, r.duplicateClasses(), r.duplicatedClassCount());
    }

    /** The JSON report's inspection: the first {@code top} loaders and duplicated classes. */
    public static ClassLoaderInspection.Result first(Shown s, int top) {
        return new ClassLoaderInspection.Result(Rows.first(s.loaders(), top).stream().map(LoaderRow::loader).toList(),
                Rows.first(s.duplicateClasses(), top), s.duplicatedClassCount());
    }

    @Override
    public Result run(AnalysisContext c, QueryArgs args) {
        return render(collect(c), c.options().top());
    }

    public static Result render(Shown s, int top) {
        List<LoaderRow> shown = Rows.first(s.loaders(), top);
        List<List<Object>> loaders = new ArrayList<>();
        for (LoaderRow l : shown) {
            boolean bootstrap = l.loader().objectIndex() < 0;
            loaders.add(Arrays.asList(bootstrap ? "<bootstrap>" : l.loaderClass(), bootstrap ? null : l.ref(),
                    (long) l.loader().classes(), l.loader().retainedBytes(), l.pinnedBy()));
        }
        Table loaderTable = Table.of("Loaders", List.of(Column.text("loaderClass", "loader"), Column.object("loader", "object"),
                Column.count("classes", "classes"), Column.bytes("retainedBytes", "retained"),
                Column.path("pinnedBy", "pinned by (loaders of duplicated classes)")), loaders);
        List<List<Object>> dups = new ArrayList<>();
        for (ClassLoaderInspection.DuplicateClass d : Rows.first(s.duplicateClasses(), top)) dups.add(List.of((long) d.loaders(), d.className()));
        Table dupTable = new Table("Classes defined by more than one loader", List.of(Column.count("loaders", "loaders"),
                Column.text("className", "class")), dups, s.duplicatedClassCount(), 0);
        String summary = String.format(Locale.ROOT, "%d loaders shown, %,d classes defined by more than one loader",
                shown.size(), s.duplicatedClassCount());
        return new Sections("Class loaders", summary, List.of(loaderTable, dupTable));
    }
}

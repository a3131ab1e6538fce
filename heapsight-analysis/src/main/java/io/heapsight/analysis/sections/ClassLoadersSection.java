package io.heapsight.analysis.sections;

import io.heapsight.analysis.AnalysisOptions;
import io.heapsight.analysis.ClassLoaderInspection;
import io.heapsight.analysis.query.AnalysisContext;
import io.heapsight.analysis.query.QueryArgs;
import io.heapsight.analysis.query.ReportSection;
import io.heapsight.analysis.result.Column;
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

    @Override
    public Result run(AnalysisContext c, QueryArgs args) {
        ClassLoaderInspection.Result r = result(c);
        List<List<Object>> loaders = new ArrayList<>();
        for (ClassLoaderInspection.Loader l : r.loaders()) {
            boolean bootstrap = l.objectIndex() < 0;
            loaders.add(Arrays.asList(bootstrap ? "<bootstrap>" : c.heap().classOfObject(l.objectIndex()).name(),
                    bootstrap ? null : c.ref(l.objectIndex()), (long) l.classes(), l.retainedBytes(),
                    l.pinnedBy().isEmpty() ? null : c.path(l.pinnedBy())));
        }
        Table loaderTable = Table.of("Loaders", List.of(Column.text("loaderClass", "loader"), Column.object("loader", "object"),
                Column.count("classes", "classes"), Column.bytes("retainedBytes", "retained"),
                Column.path("pinnedBy", "pinned by (loaders of duplicated classes)")), loaders);
        List<List<Object>> dups = new ArrayList<>();
        for (ClassLoaderInspection.DuplicateClass d : r.duplicateClasses()) dups.add(List.of((long) d.loaders(), d.className()));
        Table dupTable = new Table("Classes defined by more than one loader", List.of(Column.count("loaders", "loaders"),
                Column.text("className", "class")), dups, r.duplicatedClassCount(), 0);
        String summary = String.format(Locale.ROOT, "%d loaders shown, %,d classes defined by more than one loader",
                r.loaders().size(), r.duplicatedClassCount());
        return new Sections("Class loaders", summary, List.of(loaderTable, dupTable));
    }
}

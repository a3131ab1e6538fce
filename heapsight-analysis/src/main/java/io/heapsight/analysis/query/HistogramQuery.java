package io.heapsight.analysis.query;

import io.heapsight.analysis.Histogram;
import io.heapsight.analysis.result.Column;
import io.heapsight.analysis.result.ObjectRef;
import io.heapsight.analysis.result.Result;
import io.heapsight.analysis.result.Table;
import io.heapsight.heap.HeapClass;
import io.heapsight.heap.HeapSnapshot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Every class with its instance count, shallow and retained size (no row limit: paged), sorted by retained, shallow,
 * count or name, filtered by a regular expression on the class name, or grouped by package or by class loader.
 * Arguments: sort, filter, group (class|package|loader), offset, limit.
 */
public final class HistogramQuery implements HeapQuery {
    @Override
    public String name() { return "histogram"; }

    @Override
    public String description() { return "objects per class: count, shallow and retained size (sort, filter, group by package or loader)"; }

    /** The histogram of the context's dump, computed once. */
    static Histogram histogram(AnalysisContext ctx) {
        return ctx.shared(Histogram.class, c -> Histogram.computeOrLoad(c.heap(), c.dominators(), c.source(), c.options().allObjects(), c.progress()));
    }

    @Override
    public Result run(AnalysisContext ctx, QueryArgs args) {
        Histogram h = histogram(ctx);
        Pattern filter = filter(args.string("filter", null));
        String sort = args.string("sort", "retained");
        String group = args.string("group", "class");
        long offset = args.offset();
        int limit = args.limit(100, 10_000);
        List<Histogram.Row> rows = new ArrayList<>();
        for (Histogram.Row r : h.rows()) if (filter == null || filter.matcher(r.className()).find()) rows.add(r);
        return switch (group) {
            case "class" -> byClass(ctx, rows, sort, offset, limit);
            case "package", "loader" -> grouped(ctx, rows, group, sort, offset, limit);
            default -> throw QueryException.badArgument("group must be class, package or loader: " + group);
        };
    }

    static Pattern filter(String regex) {
        if (regex == null) return null;
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw QueryException.badArgument("filter is not a valid regular expression: " + e.getDescription() + " in " + regex);
        }
    }

    private static Comparator<long[]> order(String sort) {
        // a[0] count, a[1] shallow, a[2] retained
        return switch (sort) {
            case "retained" -> Comparator.comparingLong((long[] a) -> a[2]).reversed();
            case "shallow" -> Comparator.comparingLong((long[] a) -> a[1]).reversed();
            case "count" -> Comparator.comparingLong((long[] a) -> a[0]).reversed();
            case "name" -> (a, b) -> 0;
            default -> throw QueryException.badArgument("sort must be retained, shallow, count or name: " + sort);
        };
    }

    private static Table byClass(AnalysisContext ctx, List<Histogram.Row> rows, String sort, long offset, int limit) {
        Comparator<long[]> o = order(sort);
        rows.sort((x, y) -> {
            int c = o.compare(new long[]{x.count(), x.shallowBytes(), x.retainedBytes()}, new long[]{y.count(), y.shallowBytes(), y.retainedBytes()});
            return c != 0 ? c : x.className().compareTo(y.className());
        });
        HeapSnapshot heap = ctx.heap();
        List<List<Object>> out = new ArrayList<>();
        for (long i = offset; i < rows.size() && out.size() < limit; i++) {
            Histogram.Row r = rows.get((int) i);
            HeapClass c = heap.heapClass(r.classIndex());
            out.add(Arrays.asList(c.id() == 0 ? null : ObjectRef.ofClass(c.id(), c.name()), r.className(),
                    r.count(), r.shallowBytes(), r.retainedBytes()));
        }
        return new Table("Histogram", List.of(Columns.CLASS_ID, Columns.CLASS_NAME, Columns.COUNT, Columns.SHALLOW, Columns.RETAINED),
                out, rows.size(), offset);
    }

    private static Table grouped(AnalysisContext ctx, List<Histogram.Row> rows, String group, String sort, long offset, int limit) {
        HeapSnapshot heap = ctx.heap();
        Map<Object, long[]> groups = new LinkedHashMap<>(); // count, shallow, retained, classes
        for (Histogram.Row r : rows) {
            HeapClass c = heap.heapClass(r.classIndex());
            Object key = group.equals("package") ? packageOf(c.name()) : Long.valueOf(c.loaderId());
            long[] g = groups.computeIfAbsent(key, k -> new long[4]);
            g[0] += r.count();
            g[1] += r.shallowBytes();
            g[2] += r.retainedBytes();
            g[3]++;
        }
        List<Map.Entry<Object, long[]>> sorted = new ArrayList<>(groups.entrySet());
        Comparator<long[]> o = order(sort);
        sorted.sort((x, y) -> {
            int c = o.compare(x.getValue(), y.getValue());
            return c != 0 ? c : x.getKey().toString().compareTo(y.getKey().toString());
        });
        List<List<Object>> out = new ArrayList<>();
        for (long i = offset; i < sorted.size() && out.size() < limit; i++) {
            var e = sorted.get((int) i);
            long[] g = e.getValue();
            Object label;
            if (group.equals("package")) {
                label = e.getKey();
            } else {
                long loaderId = (Long) e.getKey();
                int loader = loaderId == 0 ? -1 : heap.indexOfId(loaderId);
                label = loaderId == 0 ? "<bootstrap>" : loader < 0 ? "0x" + Long.toHexString(loaderId) : ctx.ref(loader).display();
            }
            Object loaderRef = null;
            if (group.equals("loader")) {
                long loaderId = (Long) e.getKey();
                int loader = loaderId == 0 ? -1 : heap.indexOfId(loaderId);
                loaderRef = loader < 0 ? null : ctx.ref(loader);
            }
            out.add(Arrays.asList(label, loaderRef, g[3], g[0], g[1], g[2]));
        }
        Column name = group.equals("package") ? Column.text("package", "package") : Column.text("loader", "class loader");
        return new Table("Histogram by " + group, List.of(name, Column.object("loaderId", "loader object"),
                Column.count("classes", "classes"), Columns.COUNT, Columns.SHALLOW,
                Column.bytes("retainedBytes", "retained (sum over classes)")), out, sorted.size(), offset);
    }

    static String packageOf(String className) {
        String base = className.endsWith("[]") ? className.substring(0, className.indexOf('[')) : className;
        int dot = base.lastIndexOf('.');
        return dot < 0 ? "<default package>" : base.substring(0, dot);
    }
}

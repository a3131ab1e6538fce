package io.heapsight.analysis.query;

import io.heapsight.heap.HeapClass;
import io.heapsight.heap.HeapSnapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds a class from what a user or a URL gives: its id in hex ("0x7f3a12b8", the class object's id, as reports
 * print it) or its name ("java.util.HashMap", "byte[]"). A name several loaders define is ambiguous: the error lists
 * the ids to choose from.
 */
final class ClassLookup {
    private ClassLookup() {}

    static int find(AnalysisContext ctx, String text) {
        HeapSnapshot heap = ctx.heap();
        String s = text.strip();
        if (s.startsWith("0x") || s.startsWith("0X")) {
            long id = QueryArgs.of("id", s).objectId("id");
            for (int c = 0; c < heap.classCount(); c++) if (heap.heapClass(c).id() == id) return c;
            throw QueryException.notFound("no class with id " + s + " in this dump");
        }
        List<Integer> matches = new ArrayList<>();
        for (int c = 0; c < heap.classCount(); c++) if (heap.heapClass(c).name().equals(s)) matches.add(c);
        if (matches.size() == 1) return matches.get(0);
        if (matches.isEmpty()) throw QueryException.notFound("no class named " + s + " in this dump");
        StringBuilder ids = new StringBuilder();
        for (int c : matches) ids.append(ids.isEmpty() ? "" : ", ").append("0x").append(Long.toHexString(heap.heapClass(c).id()));
        throw QueryException.badArgument(s + " is defined by " + matches.size() + " class loaders: name one by id (" + ids + ")");
    }

    /** "0x7f3a12b8" for a class with an id in the dump, else its name (classes heapsight synthesised have no id). */
    static String key(HeapClass c) {
        return c.id() != 0 ? "0x" + Long.toHexString(c.id()) : c.name();
    }
}

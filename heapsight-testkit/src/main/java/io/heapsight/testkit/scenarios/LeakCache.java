package io.heapsight.testkit.scenarios;

import io.heapsight.testkit.ScenarioSupport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The classic leak: an unbounded static cache of documents, beside a bigger constant lookup table that is
 * legitimate. Args: number of cached documents (default 20,000), payload bytes each (default 1,024).
 */
public final class LeakCache {
    public static final class Document {
        final String id;
        final byte[] body;

        Document(String id, int size) {
            this.id = id;
            this.body = new byte[size];
        }
    }

    public static final class LookupRow {
        final long key;
        final int[] values = new int[60];

        LookupRow(long key) {
            this.key = key;
        }
    }

    static final Map<String, Document> ENTRIES = new HashMap<>();
    static final List<LookupRow> LOOKUP = new ArrayList<>();

    public static void main(String[] args) {
        int docs = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        int lookup = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        fill(docs, size, lookup);
        ScenarioSupport.dumpNow(Map.of("documents", String.valueOf(docs)));
    }

    static void fill(int docs, int size, int lookup) {
        for (int i = 0; i < docs; i++) {
            String id = "doc-" + i;
            ENTRIES.put(id, new Document(id, size));
        }
        for (int i = 0; i < lookup; i++) LOOKUP.add(new LookupRow(i));
    }
}

package io.heapsight.demo.leaks;

import java.util.LinkedHashMap;
import java.util.Map;

/** The fixed twin of {@link ProductCache}: at most {@link #CAPACITY} entries, least recently used evicted first. */
public final class BoundedProductCache {
    private BoundedProductCache() {}

    public static final int CAPACITY = 100;

    private static final Map<String, Product> ENTRIES = new LinkedHashMap<>(CAPACITY * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Product> eldest) {
            return size() > CAPACITY;
        }
    };

    public static synchronized Product get(String id) {
        return ENTRIES.computeIfAbsent(id, Product::load);
    }

    public static synchronized int size() {
        return ENTRIES.size();
    }
}

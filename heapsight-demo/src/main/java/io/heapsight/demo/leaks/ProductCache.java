package io.heapsight.demo.leaks;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The classic leak: an unbounded static cache keyed by something unbounded (any id a client sends).
 * Nothing ever evicts, so every distinct id stays reachable from {@code ProductCache.ENTRIES} forever.
 */
public final class ProductCache {
    private ProductCache() {}

    static final Map<String, Product> ENTRIES = new ConcurrentHashMap<>();

    public static Product get(String id) {
        return ENTRIES.computeIfAbsent(id, Product::load);
    }

    public static int size() {
        return ENTRIES.size();
    }
}

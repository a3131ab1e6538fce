package io.heapsight.testkit.scenarios;

import io.heapsight.testkit.ScenarioSupport;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An LRU cache with a bound: it grows until it holds `bound` entries, then evicts. Dumped after more and more
 * inserts it grows, then plateaus. Args: inserts (default 1,500), bound (default 3,000), payload bytes (default 512).
 * Keys start at 1,000,000 (none from the shared Long cache).
 */
public final class GrowthBoundedCache {
    static Map<Long, byte[]> RECENT;

    private GrowthBoundedCache() {}

    public static void main(String[] args) {
        int inserts = args.length > 0 ? Integer.parseInt(args[0]) : 1_500;
        int bound = args.length > 1 ? Integer.parseInt(args[1]) : 3_000;
        int payload = args.length > 2 ? Integer.parseInt(args[2]) : 512;
        RECENT = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
                return size() > bound;
            }
        };
        for (int i = 0; i < inserts; i++) RECENT.put(1_000_000L + i, new byte[payload]);
        Map<String, String> facts = new HashMap<>();
        facts.put("size", String.valueOf(RECENT.size()));
        ScenarioSupport.dumpNow(facts);
    }
}

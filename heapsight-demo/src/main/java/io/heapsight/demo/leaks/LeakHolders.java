package io.heapsight.demo.leaks;

import java.util.LinkedHashMap;
import java.util.Map;

/** How many objects each leak holder keeps right now, named by its field, for /api/diagnostics and the page. */
public final class LeakHolders {
    private LeakHolders() {}

    public static Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("StaticStrings.RETAINED", StaticStrings.count());
        counts.put("ProductCache.ENTRIES", ProductCache.size());
        counts.put("BoundedProductCache.ENTRIES", BoundedProductCache.size());
        counts.put("OrderEventBus.INSTANCE.listeners", OrderEventBus.INSTANCE.listenerCount());
        counts.put("FolderWatchers.WATCHERS", FolderWatchers.open());
        counts.put("DirectBufferStash.BUFFERS", DirectBufferStash.count());
        counts.put("PriceFeed.SUBSCRIPTIONS", PriceFeed.active());
        return counts;
    }
}

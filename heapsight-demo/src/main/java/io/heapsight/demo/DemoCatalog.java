package io.heapsight.demo;

import java.util.List;

/** Every endpoint the demo serves, in the order the page shows them. */
public final class DemoCatalog {
    private DemoCatalog() {}

    private static final String LEAKS = "io.heapsight.demo.leaks.";

    /** The best "classic" leak for an end-to-end investigation: an unbounded static map. */
    public static final String CLASSIC_LEAK_PATH = "/api/cache/leaky";
    public static final String CLASSIC_LEAK_HOLDER = LEAKS + "ProductCache.ENTRIES";

    public static final List<DemoEndpoint> ENDPOINTS = List.of(
            new DemoEndpoint("/api/bigstring", DemoEndpoint.CHURN, "big string",
                    "a transient 10 KB string per request: young garbage, no leak", null),
            new DemoEndpoint("/api/staticstring", DemoEndpoint.LEAK, "static string",
                    "a 10 KB string added to a static list per request", LEAKS + "StaticStrings.RETAINED"),
            new DemoEndpoint(CLASSIC_LEAK_PATH, DemoEndpoint.LEAK, "unbounded cache",
                    "a static map keyed by every id ever asked for (?id=, a new id per call when absent)",
                    CLASSIC_LEAK_HOLDER),
            new DemoEndpoint("/api/cache/bounded", DemoEndpoint.FIXED, "bounded cache",
                    "the same cache with at most 100 entries, least recently used evicted", null),
            new DemoEndpoint("/api/events/leaky", DemoEndpoint.LEAK, "event handler kept",
                    "a per-request handler subscribes to a singleton event bus and never unsubscribes",
                    LEAKS + "OrderEventBus.INSTANCE (field listeners)"),
            new DemoEndpoint("/api/events/fixed", DemoEndpoint.FIXED, "event handler removed",
                    "the same handler unsubscribes when the request ends", null),
            new DemoEndpoint("/api/humongous/above", DemoEndpoint.CHURN, "humongous arrays",
                    "arrays of 3/4 of a G1 region: humongous, GC cause 'G1 Humongous Allocation'", null),
            new DemoEndpoint("/api/humongous/below", DemoEndpoint.CHURN, "just-below arrays",
                    "arrays just below half a region: ordinary young garbage", null),
            new DemoEndpoint("/api/native/watch", DemoEndpoint.LEAK, "watch service kept",
                    "a WatchService per request, never closed: inotify instance, thread and FDs (capped at 32)",
                    LEAKS + "FolderWatchers.WATCHERS"),
            new DemoEndpoint("/api/native/watch/fixed", DemoEndpoint.FIXED, "watch service closed",
                    "the same watcher, closed with try-with-resources", null),
            new DemoEndpoint("/api/native/direct", DemoEndpoint.LEAK, "direct buffers kept",
                    "a 256 KB direct ByteBuffer per request, retained: RSS grows, the heap barely does",
                    LEAKS + "DirectBufferStash.BUFFERS"),
            new DemoEndpoint("/api/native/direct/fixed", DemoEndpoint.FIXED, "direct buffers dropped",
                    "the same buffer, unreachable after the request: its Cleaner frees it at the next GC", null),
            new DemoEndpoint("/api/httpclient/perrequest", DemoEndpoint.LEAK, "HttpClient per request",
                    "a new java.net.http.HttpClient per call, never closed: threads and FDs pile up until GC", null),
            new DemoEndpoint("/api/httpclient/shared", DemoEndpoint.FIXED, "shared HttpClient",
                    "one client for the application", null),
            new DemoEndpoint("/api/array/1048576", DemoEndpoint.CHURN, "fresh 1 MB array",
                    "a new array per request: allocation pressure (/api/array/{bytes})", null),
            new DemoEndpoint("/api/pooledarray/1048576", DemoEndpoint.FIXED, "pooled 1 MB array",
                    "the same work on a pooled array: almost no allocation (/api/pooledarray/{bytes})", null),
            new DemoEndpoint("/api/threadlocal", DemoEndpoint.LEAK, "ThreadLocal kept",
                    "a 10 KB breadcrumb appended to a ThreadLocal on pooled server threads, never removed",
                    LEAKS + "RequestBreadcrumbs.TRAIL (values in each worker Thread.threadLocals)"),
            new DemoEndpoint("/api/threadlocal/fixed", DemoEndpoint.FIXED, "ThreadLocal removed",
                    "the same breadcrumb, removed when the request ends", null),
            new DemoEndpoint("/ws/prices", DemoEndpoint.LEAK, "websocket, cleanup on normal close only",
                    "clients that abort leave their 64 KB subscription context and a pending future behind",
                    LEAKS + "PriceFeed.SUBSCRIPTIONS"),
            new DemoEndpoint("/ws/prices/fixed", DemoEndpoint.FIXED, "websocket, cleanup on any close",
                    "the subscription completes however the connection ends", null),
            new DemoEndpoint("/api/collect", DemoEndpoint.TOOL, "force GC",
                    "System.gc(), then the heap in use right after it: the live set", null),
            new DemoEndpoint("/api/diagnostics", DemoEndpoint.TOOL, "diagnostics",
                    "heap, live set, RSS, GC per collector, CPU, RPS, threads, FDs, direct buffers (JSON)", null));
}

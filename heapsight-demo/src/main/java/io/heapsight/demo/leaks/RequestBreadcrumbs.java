package io.heapsight.demo.leaks;

import java.util.ArrayList;
import java.util.List;

/**
 * A ThreadLocal trail of what the current request did, appended to and never removed. Server threads are pooled,
 * so the "per-request" trail lives as long as the thread and grows with every request it serves
 * (held by each worker Thread's threadLocals map, keyed by {@code RequestBreadcrumbs.TRAIL}).
 */
public final class RequestBreadcrumbs {
    private RequestBreadcrumbs() {}

    static final ThreadLocal<List<String>> TRAIL = ThreadLocal.withInitial(ArrayList::new);

    /** The leaky use: append, never remove. Returns this thread's trail length. */
    public static int append(String crumb) {
        List<String> trail = TRAIL.get();
        trail.add(crumb);
        return trail.size();
    }

    /** The fixed use: the trail lives for one request only. */
    public static int appendForThisRequestOnly(String crumb) {
        try {
            return append(crumb);
        } finally {
            TRAIL.remove();
        }
    }
}

package io.heapsight.demo.diag;

import io.heapsight.common.Collector;

/**
 * One finished garbage collection, as the chart marks it.
 *
 * @param seq            increasing number, so a poller can ask only for what it has not seen
 * @param kind           young, old or humongous (a collection the JVM started because of a humongous allocation)
 * @param heapAfterBytes heap in use right after this collection, summed over the heap pools
 */
public record GcEvent(long seq, long atEpochMs, String collector, String kind, String action, String cause,
                      long durationMs, long heapAfterBytes) {

    public static final String YOUNG = "young";
    public static final String OLD = "old";
    public static final String HUMONGOUS = "humongous";

    /**
     * Humongous when the JVM collected because of a humongous allocation (what the demo teaches), else the generation
     * the collector works on.
     */
    static String kindOf(Collector collector, String cause) {
        if (cause != null && cause.contains("Humongous")) {
            return HUMONGOUS;
        }
        return collector.young() ? YOUNG : OLD;
    }
}

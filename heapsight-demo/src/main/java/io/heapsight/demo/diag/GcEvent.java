package io.heapsight.demo.diag;

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

    /** Classifies by cause first (the humongous marker is what the demo teaches), then by the collector's action. */
    static String kindOf(String gcName, String action, String cause) {
        if (cause != null && cause.contains("Humongous")) {
            return HUMONGOUS;
        }
        String a = action == null ? "" : action.toLowerCase(java.util.Locale.ROOT);
        String n = gcName == null ? "" : gcName.toLowerCase(java.util.Locale.ROOT);
        if (a.contains("major") || n.contains("old") || n.contains("marksweep") || n.contains("major")
                || n.contains("concurrent")) {
            return OLD;
        }
        return YOUNG;
    }
}

package io.heapsight.load;

/** Response times of the measured requests, in milliseconds. */
public record LatencySummary(double p50Ms, double p95Ms, double p99Ms, double maxMs) {

    static final LatencySummary NONE = new LatencySummary(0, 0, 0, 0);

    /** Percentiles (nearest rank) of the given latencies in nanoseconds; the array is sorted in place. */
    static LatencySummary of(long[] nanos, int count) {
        if (count == 0) {
            return NONE;
        }
        java.util.Arrays.sort(nanos, 0, count);
        return new LatencySummary(rank(nanos, count, 0.50), rank(nanos, count, 0.95), rank(nanos, count, 0.99),
                nanos[count - 1] / 1e6);
    }

    private static double rank(long[] sorted, int count, double p) {
        int index = (int) Math.ceil(p * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, index))] / 1e6;
    }
}

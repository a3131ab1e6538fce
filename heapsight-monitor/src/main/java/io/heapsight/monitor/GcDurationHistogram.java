package io.heapsight.monitor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cumulative histogram of GC pause durations per collector and action, with the bucket bounds the OpenTelemetry
 * semantic conventions advise for jvm.gc.duration (0.01, 0.1, 1, 10 seconds).
 */
public final class GcDurationHistogram {
    public static final double[] BOUNDS = {0.01, 0.1, 1, 10};

    /** Counts per bucket are cumulative (le), as exposition formats want them. */
    public record Series(String gcName, String gcAction, long[] cumulativeCounts, long count, double sumSeconds) {}

    private final Map<List<String>, long[]> buckets = new LinkedHashMap<>();
    private final Map<List<String>, Double> sums = new LinkedHashMap<>();

    public synchronized void record(GcEvent e) {
        List<String> key = List.of(e.collector(), e.action());
        long[] b = buckets.computeIfAbsent(key, k -> new long[BOUNDS.length + 1]);
        double seconds = e.durationMillis() / 1000.0;
        int i = 0;
        while (i < BOUNDS.length && seconds > BOUNDS[i]) i++;
        b[i]++;
        sums.merge(key, seconds, Double::sum);
    }

    public synchronized List<Series> snapshot() {
        return buckets.entrySet().stream().map(e -> {
            long[] raw = e.getValue();
            long[] cumulative = new long[raw.length];
            long running = 0;
            for (int i = 0; i < raw.length; i++) {
                running += raw[i];
                cumulative[i] = running;
            }
            return new Series(e.getKey().get(0), e.getKey().get(1), cumulative, running, sums.get(e.getKey()));
        }).toList();
    }
}

package io.heapsight.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One worker's counts, merged after the run so workers never contend. Latencies are a uniform reservoir sample
 * (at most {@link #RESERVOIR} per worker) so a long run's memory stays bounded.
 */
final class WorkerTally {

    static final int RESERVOIR = 50_000;

    long requests;
    long errors;
    String firstError;
    final Map<String, Long> outcomes = new TreeMap<>();
    long[] latencies = new long[1024];
    int kept;
    long seen;

    void record(String outcome, boolean ok, long nanos, String error) {
        requests++;
        outcomes.merge(outcome, 1L, Long::sum);
        if (!ok) {
            errors++;
            if (firstError == null && error != null) {
                firstError = error;
            }
        }
        seen++;
        if (kept < RESERVOIR) {
            if (kept == latencies.length) {
                latencies = java.util.Arrays.copyOf(latencies, Math.min(RESERVOIR, kept * 2));
            }
            latencies[kept++] = nanos;
        } else {
            long slot = ThreadLocalRandom.current().nextLong(seen);
            if (slot < RESERVOIR) {
                latencies[(int) slot] = nanos;
            }
        }
    }
}

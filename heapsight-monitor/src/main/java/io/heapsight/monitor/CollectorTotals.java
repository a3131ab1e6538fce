package io.heapsight.monitor;

/** Cumulative count and time of one garbage collector, and the cause of its last collection seen ("" if none yet). */
public record CollectorTotals(String name, long count, long timeMillis, String lastCause) {
}

package io.heapsight.monitor;

/** Usage of one memory pool (heap or non-heap) at sampling time; max is -1 when the pool has no limit. */
public record PoolUsage(String name, boolean heap, long used, long committed, long max) {
}

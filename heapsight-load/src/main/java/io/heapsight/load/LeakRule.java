package io.heapsight.load;

import io.heapsight.common.LeakVerdict;

/**
 * Decides leak or stable from two live-set measurements taken after forced full collections: growth above
 * {@code max(minGrowthBytes, relativeGrowth x before)} is a leak. The floor absorbs warm-up (class initialisation,
 * JIT, server buffers: a megabyte or two on a fresh JVM); the relative part keeps a large heap's ordinary
 * variation from counting.
 */
public record LeakRule(long minGrowthBytes, double relativeGrowth) {

    public static final long DEFAULT_MIN_GROWTH_BYTES = 4L * 1024 * 1024;
    public static final double DEFAULT_RELATIVE_GROWTH = 0.10;
    public static final LeakRule DEFAULT = new LeakRule(DEFAULT_MIN_GROWTH_BYTES, DEFAULT_RELATIVE_GROWTH);

    public LeakRule {
        if (minGrowthBytes < 0 || relativeGrowth < 0) {
            throw new IllegalArgumentException("leak thresholds must not be negative");
        }
    }

    public long thresholdBytes(long liveBeforeBytes) {
        return Math.max(minGrowthBytes, (long) (relativeGrowth * Math.max(0, liveBeforeBytes)));
    }

    public LeakVerdict judge(long liveBeforeBytes, long liveAfterBytes) {
        if (liveBeforeBytes < 0 || liveAfterBytes < 0) {
            return LeakVerdict.INCONCLUSIVE;
        }
        return liveAfterBytes - liveBeforeBytes > thresholdBytes(liveBeforeBytes) ? LeakVerdict.LEAK : LeakVerdict.NO_LEAK;
    }
}

package io.heapsight.monitor;

import io.heapsight.common.LeakVerdict;

/**
 * The monitor's judgement of the live-set trend. Rates are per minute; times are seconds; -1 means unknown or
 * not applicable (no growth means no ETA).
 *
 * @param liveSetSlopeBytesPerMin    Theil–Sen slope of the old generation's occupancy after GC, past warm-up
 * @param slopeLowBytesPerMin        lower bound of its 95% confidence interval
 * @param slopeHighBytesPerMin       upper bound of its 95% confidence interval
 * @param confidence                 0..1: how sure the verdict is (trend test × amount of GC evidence)
 * @param samples                    samples taken
 * @param liveSetPoints              after-GC points the slope was computed from
 * @param liveSetBytes               live-set estimate now (fitted value at the last point)
 * @param slopePercentOfMaxPerMin    the slope as % of max heap per minute
 * @param heapUsedSlopeBytesPerMin   slope of heap used (which includes garbage), for the "heap climbs, live set flat" case
 * @param nonHeapRssSlopeBytesPerMin slope of RSS outside the heap (less its resident pages, else less the committed
 *                                   heap): native memory growth
 * @param reason                     one sentence a user can read
 */
public record Verdict(LeakVerdict kind, double liveSetSlopeBytesPerMin, double slopeLowBytesPerMin,
                      double slopeHighBytesPerMin, double confidence, int samples, int gcCount, int liveSetPoints,
                      long liveSetBytes, long maxHeapBytes, double slopePercentOfMaxPerMin,
                      double etaToMaxHeapSeconds, long containerLimitBytes, double etaToContainerLimitSeconds,
                      double heapUsedSlopeBytesPerMin, double rssSlopeBytesPerMin, double nonHeapRssSlopeBytesPerMin,
                      double directBufferSlopeBytesPerMin, double warmupSeconds, String reason) {

    public static Verdict inconclusive(int samples, int gcCount, String reason) {
        return new Verdict(LeakVerdict.INCONCLUSIVE, Double.NaN, Double.NaN, Double.NaN, 0, samples, gcCount, 0, -1, -1,
                Double.NaN, -1, -1, -1, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, reason);
    }
}

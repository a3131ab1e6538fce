package io.heapsight.analysis.diff;

/**
 * How `heapsight diff` finds holders and decides what is growth.
 *
 * @param top                rows the presenters show (holders, classes)
 * @param holderMinFraction  an accumulation point is extracted from a dump when it retains this share of the heap...
 * @param holderMinBytes     ...or at least this many bytes, whichever is larger (lower than analyze's 1%: small but growing holders matter)
 * @param noiseFraction      growth below this share of the largest dump (heap + native) is noise
 * @param noiseFloorBytes    growth below this many bytes is always noise
 * @param minGrowthBytes     when above 0, replaces the computed noise threshold
 * @param includeWeakPaths   let holder paths go through weak/soft referents
 */
public record DiffOptions(int top, double holderMinFraction, long holderMinBytes, double noiseFraction, long noiseFloorBytes,
                          long minGrowthBytes, boolean includeWeakPaths) {

    public static final double DEFAULT_HOLDER_MIN_FRACTION = 0.001;
    public static final long DEFAULT_HOLDER_MIN_BYTES = 64 * 1024;
    public static final double DEFAULT_NOISE_FRACTION = 0.01;
    public static final long DEFAULT_NOISE_FLOOR_BYTES = 256 * 1024;

    public DiffOptions {
        if (top < 1) throw new IllegalArgumentException("top must be at least 1");
        if (minGrowthBytes < 0) throw new IllegalArgumentException("minGrowthBytes must not be negative");
    }

    public static DiffOptions defaults() {
        return new DiffOptions(20, DEFAULT_HOLDER_MIN_FRACTION, DEFAULT_HOLDER_MIN_BYTES, DEFAULT_NOISE_FRACTION,
                DEFAULT_NOISE_FLOOR_BYTES, 0, false);
    }

    public DiffOptions withTop(int n) {
        return new DiffOptions(n, holderMinFraction, holderMinBytes, noiseFraction, noiseFloorBytes, minGrowthBytes, includeWeakPaths);
    }

    public DiffOptions withMinGrowthBytes(long bytes) {
        return new DiffOptions(top, holderMinFraction, holderMinBytes, noiseFraction, noiseFloorBytes, bytes, includeWeakPaths);
    }

    public DiffOptions withWeakPaths(boolean b) {
        return new DiffOptions(top, holderMinFraction, holderMinBytes, noiseFraction, noiseFloorBytes, minGrowthBytes, b);
    }

    /** Growth a holder must exceed over the series to count: max(floor, fraction of the largest dump), or the override. */
    public long noiseBytes(long largestDumpBytes) {
        if (minGrowthBytes > 0) return minGrowthBytes;
        return Math.max(noiseFloorBytes, (long) (noiseFraction * largestDumpBytes));
    }
}

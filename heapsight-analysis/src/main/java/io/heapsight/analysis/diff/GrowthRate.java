package io.heapsight.analysis.diff;

/**
 * How fast something grew between two observations: per hour of wall-clock time and per request served in
 * between. First-to-last, not a fit: with three or four dumps a regression adds nothing but opacity.
 *
 * @param bytes    growth from the first observation to the last (negative when it shrank)
 * @param millis   time between them
 * @param requests requests served between them; -1 when not counted (no load driver)
 */
public record GrowthRate(long bytes, long millis, long requests) {

    /** Bytes per hour; NaN when no time passed. */
    public double perHour() {
        return millis <= 0 ? Double.NaN : bytes * 3_600_000.0 / millis;
    }

    /** Bytes per request; NaN when requests were not counted or none were sent. */
    public double perRequest() {
        return requests <= 0 ? Double.NaN : (double) bytes / requests;
    }
}

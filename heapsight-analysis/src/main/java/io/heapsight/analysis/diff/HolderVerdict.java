package io.heapsight.analysis.diff;

/** What a holder did across the dumps. Only GROWING makes the overall verdict a leak. See docs/diff.md for the rule. */
public enum HolderVerdict {
    /** Grew by more than the noise threshold, never dropped by more than noise, and still growing in the last step. */
    GROWING,
    /** Grew by more than noise, but the last step added under a quarter of the average step: reached its bound. */
    PLATEAUED,
    /** Went up and down by more than noise: not a monotonic accumulation. */
    FLUCTUATING,
    /** Changed by less than noise. */
    STABLE,
    /** Lost more than noise. */
    SHRINKING,
    /** Found in earlier dumps, not in the last: it fell below the extraction threshold (or went away). */
    DROPPED;

    public String label() {
        return name().toLowerCase();
    }
}

package io.heapsight.analysis.diff;

/**
 * Classifies a series of byte totals (one per dump, in dump order) against a noise threshold T.
 * <ul>
 *   <li>a step is a dip when it loses more than T; a step grows when it adds more than T / (steps);</li>
 *   <li>net growth G = last - first; G &gt; T with no dip is GROWING, unless (3+ dumps) the last step added no more
 *       than a quarter of the average step G / steps: then PLATEAUED;</li>
 *   <li>G &gt; T with a dip, or |G| &lt;= T with a dip, is FLUCTUATING; G &lt; -T (no dip up) is SHRINKING; else STABLE.</li>
 * </ul>
 */
public final class GrowthRule {
    private GrowthRule() {}

    public record Outcome(HolderVerdict verdict, long growth, int growingSteps) {}

    public static Outcome classify(long[] bytes, long noise) {
        if (bytes.length < 2) throw new IllegalArgumentException("a series needs at least two dumps");
        if (noise <= 0) throw new IllegalArgumentException("noise must be positive");
        int steps = bytes.length - 1;
        long growth = bytes[steps] - bytes[0];
        long stepNoise = Math.max(1, noise / steps);
        boolean dip = false;
        int growing = 0;
        for (int i = 0; i < steps; i++) {
            long delta = bytes[i + 1] - bytes[i];
            if (delta < -noise) dip = true;
            if (delta > stepNoise) growing++;
        }
        HolderVerdict verdict;
        if (growth > noise) {
            long last = bytes[steps] - bytes[steps - 1];
            if (dip) verdict = HolderVerdict.FLUCTUATING;
            else if (steps >= 2 && last * 4 <= growth / steps) verdict = HolderVerdict.PLATEAUED;
            else verdict = HolderVerdict.GROWING;
        } else if (growth < -noise) {
            boolean up = false;
            for (int i = 0; i < steps; i++) if (bytes[i + 1] - bytes[i] > noise) up = true;
            verdict = up ? HolderVerdict.FLUCTUATING : HolderVerdict.SHRINKING;
        } else {
            verdict = dip ? HolderVerdict.FLUCTUATING : HolderVerdict.STABLE;
        }
        return new Outcome(verdict, growth, growing);
    }
}

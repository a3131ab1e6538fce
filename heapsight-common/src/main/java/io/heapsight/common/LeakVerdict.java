package io.heapsight.common;

import java.util.Arrays;

/**
 * The answer to "does it leak?", the same for every verb that asks it (monitor, load, diff, investigate), with one
 * token each for text, JSON and metrics.
 */
public enum LeakVerdict {
    /** Memory that stays live grows: the live set after GC (monitor, load) or a holder across dumps (diff). */
    LEAK("leak"),
    /** Nothing grows beyond noise. The heap in use may still climb: sizing or allocation churn, not a leak. */
    NO_LEAK("no-leak"),
    /** The heap's live set is flat but the process's memory outside the heap grows. */
    NATIVE_GROWTH("native-growth"),
    /** Cannot tell: too few collections or too short a window, or the target could not be measured. */
    INCONCLUSIVE("inconclusive");

    private final String token;

    LeakVerdict(String token) {
        this.token = token;
    }

    /** "leak", "no-leak", "native-growth", "inconclusive". */
    public String token() {
        return token;
    }

    /** The verdict in one sentence, for pages and reports (the same words as above). */
    public String meaning() {
        return switch (this) {
            case LEAK -> "Memory that stays live grows.";
            case NO_LEAK -> "Nothing grows beyond noise; the heap in use may still climb (sizing or allocation churn, not a leak).";
            case NATIVE_GROWTH -> "The live set is flat but the process's memory outside the heap grows.";
            case INCONCLUSIVE -> "Cannot tell yet: too few collections, too short a window, or the target could not be measured.";
        };
    }

    @Override
    public String toString() {
        return token;
    }

    /** The verdict of a token, e.g. from a stored JSON report. */
    public static LeakVerdict ofToken(String token) {
        return Arrays.stream(values()).filter(v -> v.token.equals(token)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a verdict: '" + token + "' (leak, no-leak, native-growth, inconclusive)"));
    }
}

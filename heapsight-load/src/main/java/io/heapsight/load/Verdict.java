package io.heapsight.load;

import java.util.Locale;

/** What the before/after comparison says about the target's live set. */
public enum Verdict {
    /** The live set grew by more than the threshold while under load. */
    LEAK,
    /** It stayed within the threshold. */
    STABLE,
    /** No comparison: the probe could not read the target before or after. */
    UNKNOWN;

    /** "leak", "stable", "unknown", as printed and in JSON. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}

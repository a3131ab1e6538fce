package io.heapsight.monitor;

/** What the live-set trend says, with the exact token used in JSON and metrics. */
public enum VerdictKind {
    /** The live set after GC grows steadily past warm-up. */
    LEAK("leak"),
    /** The live set after GC is flat (heap used may still climb: sizing or allocation churn). */
    NO_LEAK("no-leak"),
    /** The heap's live set is flat but the process's resident memory outside the heap grows. */
    NATIVE_GROWTH("native-growth"),
    /** Too few GCs or too short a window to tell. */
    INCONCLUSIVE("inconclusive");

    private final String token;

    VerdictKind(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}

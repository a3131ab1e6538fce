package io.heapsight.testkit.scenarios;

/**
 * The template {@link GrowthHiddenClasses} defines again and again as a hidden class. Its static state weighs
 * 16 KB per definition: 16 + 16,384 bytes of byte[].
 */
public final class GrowthHiddenHandler {
    static final byte[] STATE = new byte[16 * 1024];

    public GrowthHiddenHandler() {}

    public int stateSize() {
        return STATE.length;
    }
}

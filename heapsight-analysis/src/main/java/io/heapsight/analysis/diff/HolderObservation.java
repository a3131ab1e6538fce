package io.heapsight.analysis.diff;

import io.heapsight.analysis.Suspect;

/**
 * One accumulation point (or several grouped under one holder path) as seen in one dump.
 *
 * @param suspect     the point in the shape `analyze` reports (holder, holderPath, elements, heap retained bytes, path)
 * @param nativeBytes native memory the point pins (capacity of the direct buffers it retains)
 * @param nativeBuffers how many such buffers
 * @param contains    keys ({@link #pathAndClass()}) of the holders of the same dump that lie directly inside this one
 */
public record HolderObservation(Suspect suspect, long nativeBytes, long nativeBuffers, java.util.List<String> contains) {
    public HolderObservation {
        contains = java.util.List.copyOf(contains);
    }

    public HolderObservation(Suspect suspect, long nativeBytes, long nativeBuffers) {
        this(suspect, nativeBytes, nativeBuffers, java.util.List.of());
    }

    /** Heap retained plus native: what the holder really pins. */
    public long totalBytes() {
        return suspect.retainedBytes() + nativeBytes;
    }

    /** Key of the first matching rule: same path signature and same element class. */
    public String pathAndClass() {
        return suspect.holderPath() + "|" + suspect.accumulatedClass();
    }

    /**
     * Fallback when the path changed (a different shortest path): the holding field and the element class. A holder
     * that is an array slot ("java.lang.Object[][6]") is taken without its index, which differs between dumps.
     */
    String holderAndClass() {
        return suspect.holder().replaceAll("\\[\\d+]$", "[]") + "|" + suspect.accumulatedClass();
    }

    /** Last resort when the element class changed (another class became the biggest): the path signature alone. */
    String path() {
        return suspect.holderPath();
    }
}

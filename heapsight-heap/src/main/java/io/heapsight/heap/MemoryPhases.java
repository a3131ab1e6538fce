package io.heapsight.heap;

/**
 * Phases of the analysis allocate and drop arrays of hundreds of MB. Most of them are "humongous" for G1 and are only
 * reclaimed by a collection, which a batch job allocating few small objects rarely triggers: the dead arrays stay
 * resident and the next phase touches fresh memory, doubling peak RSS. One explicit collection at a phase boundary
 * costs little (the live data is primitive arrays: nothing to trace inside them) and lets the next phase reuse that
 * memory. -Dheapsight.gcBetweenPhases=false turns it off for measurements.
 */
public final class MemoryPhases {
    private static final boolean ENABLED = !"false".equals(System.getProperty("heapsight.gcBetweenPhases"));

    private MemoryPhases() {}

    public static void collect() {
        if (ENABLED) System.gc();
    }
}

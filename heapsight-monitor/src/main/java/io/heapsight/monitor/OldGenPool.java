package io.heapsight.monitor;

import java.util.Collection;

/** Picks the heap pool whose after-GC occupancy tracks the live set, for every HotSpot collector. */
final class OldGenPool {
    private OldGenPool() {}

    static String choose(Collection<String> heapPools) {
        for (String name : heapPools) {
            // G1 Old Gen, PS Old Gen, Tenured Gen (Serial), ZGC Old Generation (generational ZGC)
            if (name.contains("Old") || name.contains("Tenured")) return name;
        }
        // single-space collectors (non-generational ZGC "ZHeap", Shenandoah, Epsilon): the only heap pool
        return heapPools.isEmpty() ? null : heapPools.iterator().next();
    }
}

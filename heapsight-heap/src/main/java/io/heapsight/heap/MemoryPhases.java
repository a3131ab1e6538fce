package io.heapsight.heap;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

import java.lang.management.ManagementFactory;

/**
 * Phases of the analysis allocate and drop arrays of hundreds of MB. Most of them are "humongous" for G1 and are only
 * reclaimed by a collection, which a batch job allocating few small objects rarely triggers: the dead arrays stay
 * resident and the next phase touches fresh memory, doubling peak RSS. One explicit collection at a phase boundary
 * costs little (the live data is primitive arrays: nothing to trace inside them) and lets the next phase reuse that
 * memory. -Dheapsight.gcBetweenPhases=false turns it off for measurements.
 *
 * <p>{@link #returnFreedMemory()} also lets the collector give memory back after a collection: by default G1 keeps
 * up to 70% of the heap free (MaxHeapFreeRatio), so a dead 600 MB id lookup stays resident while the next phase's
 * arrays land in fresh regions (humongous arrays need contiguous ones). Both ratios are manageable flags, set at run
 * time unless the user set them, so every front end (CLI, bench, explorer) gets the same peak.</p>
 */
public final class MemoryPhases {
    private static final boolean ENABLED = !"false".equals(System.getProperty("heapsight.gcBetweenPhases"));
    /** Free share of the heap kept after a collection (percent): enough for the next phase's small objects. */
    static final String MAX_FREE = "10";
    static final String MIN_FREE = "1";
    private static volatile boolean ratiosSet;

    private MemoryPhases() {}

    public static void collect() {
        if (ENABLED) {
            returnFreedMemory();
            System.gc();
        }
    }

    /** Once per JVM: heap free ratios that return freed memory to the OS (unless the user chose them, or it is off). */
    public static void returnFreedMemory() {
        if (!ENABLED || ratiosSet) return;
        synchronized (MemoryPhases.class) {
            if (ratiosSet) return;
            ratiosSet = true;
            try {
                HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
                if (vm == null || !isDefault(vm, "MaxHeapFreeRatio") || !isDefault(vm, "MinHeapFreeRatio")) return;
                vm.setVMOption("MinHeapFreeRatio", MIN_FREE); // min first: min <= max must hold at every step
                vm.setVMOption("MaxHeapFreeRatio", MAX_FREE);
            } catch (RuntimeException | LinkageError e) {
                // another VM, or the flags are not manageable there: the defaults only cost memory
            }
        }
    }

    private static boolean isDefault(HotSpotDiagnosticMXBean vm, String flag) {
        return vm.getVMOption(flag).getOrigin() == VMOption.Origin.DEFAULT;
    }
}

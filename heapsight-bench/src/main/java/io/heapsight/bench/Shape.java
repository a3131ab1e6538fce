package io.heapsight.bench;

import io.heapsight.testkit.scenarios.DeepChainHeap;
import io.heapsight.testkit.scenarios.ManyClassesHeap;
import io.heapsight.testkit.scenarios.RealisticHeap;
import io.heapsight.testkit.scenarios.StringHeavyHeap;

import java.util.Locale;

/**
 * The dump shapes the benchmark generates ({@code --shape}), each a service-like heap dominated by a different cost;
 * the dump is named "&lt;shape&gt;-&lt;size&gt;.hprof". See docs/PERFORMANCE.md for what each looks like.
 */
enum Shape {
    REALISTIC("realistic", RealisticHeap.class, 140),
    STRINGS("strings", StringHeavyHeap.class, 150),
    DEEPCHAIN("deepchain", DeepChainHeap.class, 140),
    CLASSES("classes", ManyClassesHeap.class, 140);

    final String label;
    final Class<?> scenario;
    /** generator heap per object: several times the live bytes, so building and dumping never run short */
    private final int heapBytesPerObject;

    Shape(String label, Class<?> scenario, int heapBytesPerObject) {
        this.label = label;
        this.scenario = scenario;
        this.heapBytesPerObject = heapBytesPerObject;
    }

    /**
     * The generator child's -Xmx in MB: at least 1 GB; past 50M objects 100 bytes per object suffice (a 10 GB heap
     * built and dumped 106M objects of the realistic shape).
     */
    long generatorHeapMb(long objects) {
        long perObject = objects > 50_000_000 ? Math.min(100, heapBytesPerObject) : heapBytesPerObject;
        return Math.max(1024, objects * perObject / (1 << 20));
    }

    String dumpName(String sizeLabel) {
        return label + "-" + sizeLabel + ".hprof";
    }

    static Shape byName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Shape s : values()) {
            if (s.label.equals(n)) return s;
        }
        throw new IllegalArgumentException("unknown shape '" + name + "' (known: realistic, strings, deepchain, classes)");
    }
}

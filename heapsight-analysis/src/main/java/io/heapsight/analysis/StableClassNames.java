package io.heapsight.analysis;

import io.heapsight.heap.HeapSnapshot;

import java.util.HashMap;
import java.util.Map;

/**
 * Classes grouped by stable name (a hidden class's name without its "/0x..." suffix), worked out once per search
 * for suspects rather than once per accumulation point: with tens of thousands of classes (generated proxies,
 * lambdas, plugin loaders) each point otherwise cost a pass over every class name.
 */
final class StableClassNames {
    /** Class -> the first class of the same stable name (every class named that way is one kind of element). */
    private final int[] group;
    /** Class -> the first hidden class of the same stable name, or the class itself when it is not hidden. */
    private final int[] sameHidden;
    private final Map<String, Integer> groupOfName;

    private StableClassNames(int[] group, int[] sameHidden, Map<String, Integer> groupOfName) {
        this.group = group;
        this.sameHidden = sameHidden;
        this.groupOfName = groupOfName;
    }

    static StableClassNames of(HeapSnapshot heap) {
        int n = heap.classCount();
        int[] group = new int[n];
        int[] sameHidden = new int[n];
        Map<String, Integer> groupOfName = new HashMap<>();
        Map<String, Integer> firstHidden = new HashMap<>();
        for (int c = 0; c < n; c++) {
            String name = heap.heapClass(c).name();
            String stable = LeakSuspects.stableName(name);
            Integer g = groupOfName.putIfAbsent(stable, c);
            group[c] = g == null ? c : g;
            Integer h = name.contains("/0x") ? firstHidden.putIfAbsent(stable, c) : null;
            sameHidden[c] = h == null ? c : h;
        }
        return new StableClassNames(group, sameHidden, groupOfName);
    }

    /** The group of a class: equal for two classes exactly when their stable names are equal. */
    int group(int classIndex) {
        return group[classIndex];
    }

    /** The group of the classes whose stable name is {@code stableName}, or -1 when no class has it. */
    int groupNamed(String stableName) {
        Integer g = groupOfName.get(stableName);
        return g == null ? -1 : g;
    }

    /** For each class, the first class of the same stable name among hidden classes; itself when not hidden. */
    int[] sameHidden() {
        return sameHidden;
    }
}

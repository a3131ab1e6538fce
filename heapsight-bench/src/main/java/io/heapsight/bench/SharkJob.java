package io.heapsight.bench;

import kotlin.sequences.Sequence;
import shark.CloseableHeapGraph;
import shark.HeapObject;
import shark.HprofHeapGraph;
import shark.HprofIndex;
import shark.internal.ObjectDominators;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Shark 2.14: index the dump into an HprofHeapGraph, build a class histogram from the index, then compute the
 * whole-heap dominator tree with retained sizes (ObjectDominators, what {@code shark-cli dump-process} /
 * "analyze dominators" use) and render the nodes retaining at least 1 MB.
 */
final class SharkJob implements FullJob {
    @Override
    public String run(Path dump, int top, Path workDir) throws Exception {
        try (CloseableHeapGraph graph = HprofHeapGraph.Companion.openHeapGraph(dump.toFile(), null,
                HprofIndex.Companion.defaultIndexedGcRootTags())) {
            Phases.done("index");
            Map<Long, long[]> histogram = new HashMap<>(); // class id -> {count, bytes}
            for (HeapObject.HeapInstance o : iterable(graph.getInstances())) {
                add(histogram, o.getInstanceClassId(), o.getByteSize());
            }
            for (HeapObject.HeapObjectArray o : iterable(graph.getObjectArrays())) {
                add(histogram, o.getArrayClassId(), o.readByteSize());
            }
            for (HeapObject.HeapPrimitiveArray o : iterable(graph.getPrimitiveArrays())) {
                add(histogram, -1 - o.getPrimitiveType().ordinal(), o.readByteSize());
            }
            long objects = histogram.values().stream().mapToLong(v -> v[0]).sum();
            Phases.done("histogram");
            String tree = new ObjectDominators().renderDominatorTree(graph, List.of(), 1 << 20, null, false);
            long lines = tree.lines().count();
            Phases.done("dominators+retained");
            return "objects=" + objects + " classes=" + histogram.size() + " renderedDominatorLines=" + lines;
        }
    }

    private static void add(Map<Long, long[]> histogram, long classId, long bytes) {
        long[] v = histogram.computeIfAbsent(classId, k -> new long[2]);
        v[0]++;
        v[1] += bytes;
    }

    private static <T> Iterable<T> iterable(Sequence<? extends T> sequence) {
        @SuppressWarnings("unchecked")
        Iterator<T> it = (Iterator<T>) sequence.iterator();
        return () -> it;
    }
}

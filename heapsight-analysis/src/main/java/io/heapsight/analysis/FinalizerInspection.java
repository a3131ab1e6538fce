package io.heapsight.analysis;

import io.heapsight.heap.HeapSnapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Objects waiting for finalization (java.lang.ref.Finalizer referents), by class: a backlog pins memory. */
public final class FinalizerInspection {

    public record Pending(String className, long count, long shallowBytes) {}

    public record Result(long pending, long shallowBytes, List<Pending> byClass) {}

    private FinalizerInspection() {}

    public static Result inspect(HeapSnapshot heap, int top) {
        int finalizer = -1;
        for (int c = 0; c < heap.classCount(); c++) {
            if (heap.heapClass(c).name().equals("java.lang.ref.Finalizer")) finalizer = c;
        }
        if (finalizer < 0) return new Result(0, 0, List.of());
        Map<Integer, long[]> byClass = new HashMap<>();
        long pending = 0, bytes = 0;
        for (int i = 0; i < heap.objectCount(); i++) {
            if (heap.classOf(i) != finalizer || !heap.hasReferentEdge(i)) continue;
            int referent = heap.edgeTarget(heap.edgeStart(i));
            long[] acc = byClass.computeIfAbsent(heap.classOf(referent), k -> new long[2]);
            acc[0]++;
            acc[1] += heap.shallowSize(referent);
            pending++;
            bytes += heap.shallowSize(referent);
        }
        List<Pending> rows = new ArrayList<>();
        byClass.forEach((c, v) -> rows.add(new Pending(heap.heapClass(c).name(), v[0], v[1])));
        rows.sort((a, b) -> Long.compare(b.count(), a.count()));
        return new Result(pending, bytes, List.copyOf(rows.subList(0, Math.min(top, rows.size()))));
    }
}

package io.heapsight.analysis;

import io.heapsight.common.LibraryClasses;
import io.heapsight.heap.HeapSnapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Native memory pinned by the objects that hold direct buffers. The dominator tree cannot tell: every direct buffer
 * is also referenced by the JDK's global Cleaner list (through a phantom referent), so the dominator of each buffer
 * is the root. So native memory is attributed along the shortest strong path from a GC root instead: each
 * reachable buffer that owns its memory adds its capacity to itself and to every object on its path (a sparse map:
 * only those objects get an entry). Accumulation points of native memory are then found like heap ones: go down
 * while one child holds most of it, stop where it spreads over many children. One rule for `analyze` and `diff`.
 */
public final class NativeMemory {
    /** A child holding this share of its parent's native memory is followed, the parent is a pass-through. */
    private static final double PASS_THROUGH = 0.8;
    private static final int MIN_CHILDREN_OF_PLAIN_OBJECT = 16;

    /** Native bytes and owning buffers under each object on a buffer's path (index -> {bytes, buffers}). */
    private final Map<Integer, long[]> under = new HashMap<>();
    private final GcRootPaths paths;
    private final long reachableNative;
    private final String bufferClass;

    private NativeMemory(HeapSnapshot heap, DominatorTree dom, GcRootPaths paths) {
        this.paths = paths;
        boolean[] direct = new boolean[heap.classCount()];
        boolean any = false;
        for (int c = 0; c < heap.classCount(); c++) {
            if (DirectBufferInspection.isDirectBufferClass(heap.heapClass(c).name())) {
                direct[c] = true;
                any = true;
            }
        }
        Map<String, Integer> byClass = new HashMap<>();
        long total = 0;
        if (any) {
            for (int i = 0; i < heap.objectCount(); i++) {
                if (!direct[heap.classOf(i)] || !dom.isReachable(i)) continue;
                long cap = DirectBufferInspection.ownedCapacity(heap, i);
                if (cap == 0) continue;
                total += cap;
                byClass.merge(heap.classOfObject(i).name(), 1, Integer::sum);
                if (!paths.hasPath(i)) continue; // only weakly reachable: no holder to charge
                for (int v = i; v >= 0; v = paths.parentOf(v)) {
                    long[] acc = under.computeIfAbsent(v, k -> new long[2]);
                    acc[0] += cap;
                    acc[1]++;
                }
            }
        }
        this.bufferClass = byClass.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse("java.nio.DirectByteBuffer");
        this.reachableNative = total;
    }

    public static NativeMemory compute(HeapSnapshot heap, DominatorTree dom, GcRootPaths paths) {
        return new NativeMemory(heap, dom, paths);
    }

    public long reachableNative() {
        return reachableNative;
    }

    public long bytesUnder(int obj) {
        long[] a = under.get(obj);
        return a == null ? 0 : a[0];
    }

    public long buffersUnder(int obj) {
        long[] a = under.get(obj);
        return a == null ? 0 : a[1];
    }

    /** Native accumulation points retaining at least threshold bytes, grouped by holder path signature. */
    public List<Finding> holders(HeapSnapshot heap, DominatorTree dom, GcRootPaths paths, long threshold) {
        if (under.isEmpty()) return List.of();
        Map<Integer, List<Integer>> children = new HashMap<>();
        List<Integer> stack = new ArrayList<>();
        for (var e : under.entrySet()) {
            int p = paths.parentOf(e.getKey());
            if (p >= 0) children.computeIfAbsent(p, k -> new ArrayList<>()).add(e.getKey());
            else if (p == -1 && e.getValue()[0] >= threshold) stack.add(e.getKey());
        }
        List<Integer> points = new ArrayList<>();
        while (!stack.isEmpty()) {
            int v = stack.remove(stack.size() - 1);
            long mine = bytesUnder(v);
            List<Integer> kids = children.getOrDefault(v, List.of());
            if (kids.isEmpty()) { // a single big buffer
                points.add(v);
                continue;
            }
            int biggest = -1;
            for (int c : kids) if (biggest < 0 || bytesUnder(c) > bytesUnder(biggest)) biggest = c;
            boolean passThrough = bytesUnder(biggest) >= PASS_THROUGH * mine;
            boolean collection = !heap.isClassObject(v) && (heap.classOfObject(v).isArray() || isLibrary(heap, v));
            if (!passThrough && (collection || kids.size() >= MIN_CHILDREN_OF_PLAIN_OBJECT)) {
                points.add(v);
                continue;
            }
            for (int c : kids) if (bytesUnder(c) >= threshold) stack.add(c);
        }
        Map<String, long[]> groups = new LinkedHashMap<>();
        Map<String, Integer> firstPoint = new HashMap<>();
        Map<String, java.util.LinkedHashSet<Integer>> pointsOf = new HashMap<>();
        for (int p : points) {
            int point = LeakSuspects.climbToCollection(heap, dom, p);
            String signature = LeakSuspects.holderSignature(heap, paths, point);
            if (!pointsOf.computeIfAbsent(signature, k -> new java.util.LinkedHashSet<>()).add(point)) continue;
            long[] g = groups.computeIfAbsent(signature, k -> new long[4]);
            g[0] += bytesUnder(point);
            g[1] += buffersUnder(point);
            g[2] += dom.retainedSize(point);
            g[3]++;
            firstPoint.merge(signature, point, (a, b) -> bytesUnder(a) >= bytesUnder(b) ? a : b);
        }
        List<Finding> out = new ArrayList<>();
        for (var e : groups.entrySet()) {
            int point = firstPoint.get(e.getKey());
            long[] g = e.getValue();
            String holder = LeakSuspects.holderOf(heap, dom, paths, point);
            int[] all = pointsOf.get(e.getKey()).stream().mapToInt(Integer::intValue).toArray();
            out.add(new Finding(Finding.Kind.NATIVE, holder, e.getKey(), point, all, bufferClass, g[1], g[2], g[0], g[1]));
        }
        return out;
    }

    /** The class most owning buffers belong to (DirectByteBuffer, usually). */
    public String bufferClass() {
        return bufferClass;
    }

    private static boolean isLibrary(HeapSnapshot heap, int obj) {
        return LibraryClasses.isCollectionClass(heap.classOfObject(obj).name());
    }
}

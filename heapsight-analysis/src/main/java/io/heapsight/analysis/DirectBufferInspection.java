package io.heapsight.analysis;

import io.heapsight.heap.HeapSnapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Direct ByteBuffers and the native memory behind them. A 64-byte heap object can pin megabytes off-heap: only
 * buffers that own their memory (a cleaner is attached) are counted, so slices and views are not counted twice.
 */
public final class DirectBufferInspection {

    public record Buffer(int objectIndex, String object, long capacity, boolean reachable, String holder) {}

    /** A holder of many buffers (the same rule as suspects and diff: {@link NativeMemory}). */
    public record Holder(String holder, String accumulationPoint, long buffers, long capacity, long heapRetainedBytes) {}

    /**
     * @param byHolder where the reachable native memory is held, largest first (thousands of small buffers in one
     *                 pool are one row, which the largest-buffers list cannot show)
     */
    public record Result(long buffers, long ownedCapacity, long reachableCapacity, long unreachableCapacity, List<Buffer> largest,
                         List<Holder> byHolder) {
        public Result(long buffers, long ownedCapacity, long reachableCapacity, long unreachableCapacity, List<Buffer> largest) {
            this(buffers, ownedCapacity, reachableCapacity, unreachableCapacity, largest, List.of());
        }
    }

    private DirectBufferInspection() {}

    public static boolean isDirectBufferClass(String name) {
        return name.equals("java.nio.DirectByteBuffer") || name.equals("java.nio.DirectByteBufferR");
    }

    /** Native capacity owned by a direct buffer object (0 for views and other objects). */
    public static long ownedCapacity(HeapSnapshot heap, int obj) {
        if (!isDirectBufferClass(heap.classOfObject(obj).name())) return 0;
        Long cap = heap.reader().fieldValue(obj, "capacity");
        Long cleaner = heap.reader().fieldValue(obj, "cleaner");
        if (cap == null || cap <= 0) return 0;
        return cleaner != null && cleaner != 0 ? cap : 0;
    }

    public static Result inspect(HeapSnapshot heap, DominatorTree dom, GcRootPaths paths, int top) {
        return inspect(heap, dom, paths, top, () -> NativeMemory.compute(heap, dom, paths));
    }

    /** As above, with the native memory along the paths from {@code nativeMemory} (asked only when a buffer is reachable). */
    public static Result inspect(HeapSnapshot heap, DominatorTree dom, GcRootPaths paths, int top,
                                 java.util.function.Supplier<NativeMemory> nativeMemory) {
        boolean[] isDirect = new boolean[heap.classCount()];
        boolean any = false;
        for (int c = 0; c < heap.classCount(); c++) {
            if (isDirectBufferClass(heap.heapClass(c).name())) {
                isDirect[c] = true;
                any = true;
            }
        }
        if (!any) return new Result(0, 0, 0, 0, List.of());
        long count = 0, owned = 0, reachable = 0, unreachable = 0;
        List<long[]> all = new ArrayList<>();
        for (int i = 0; i < heap.objectCount(); i++) {
            if (!isDirect[heap.classOf(i)]) continue;
            count++;
            long cap = ownedCapacity(heap, i);
            if (cap == 0) continue;
            owned += cap;
            if (dom.isReachable(i)) reachable += cap;
            else unreachable += cap;
            all.add(new long[]{i, cap});
        }
        all.sort(Comparator.comparingLong((long[] a) -> a[1]).reversed());
        List<Buffer> largest = new ArrayList<>();
        for (int k = 0; k < Math.min(top, all.size()); k++) {
            int obj = (int) all.get(k)[0];
            String holder = dom.isReachable(obj) ? LeakSuspects.holderOf(heap, dom, paths, obj) : "unreachable (waiting for its cleaner)";
            largest.add(new Buffer(obj, heap.describe(obj), all.get(k)[1], dom.isReachable(obj), holder));
        }
        List<Holder> byHolder = new ArrayList<>();
        if (reachable > 0) {
            for (Finding f : nativeMemory.get().holders(heap, dom, paths, Math.max(1, reachable / 100))) {
                byHolder.add(new Holder(f.holder(), heap.describe(f.point()), f.nativeBuffers(), f.nativeBytes(), f.retainedBytes()));
            }
            byHolder.sort(Comparator.comparingLong(Holder::capacity).reversed());
        }
        return new Result(count, owned, reachable, unreachable, List.copyOf(largest),
                List.copyOf(byHolder.subList(0, Math.min(top, byHolder.size()))));
    }
}

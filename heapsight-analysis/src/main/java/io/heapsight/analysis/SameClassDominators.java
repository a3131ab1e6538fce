package io.heapsight.analysis;

import io.heapsight.heap.GcRootKind;
import io.heapsight.heap.HeapSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Big dominators of one class, grouped as Eclipse MAT does ("4 instances of Thread retain 56%"): a leak that adds a
 * new GC root each time (a thread per deployment, a JNI global per registration) makes no single collection grow,
 * only the number of similar roots. Top-level dominators are grouped by class name (the same class defined by several
 * loaders is one kind of holder); threads also by their name pattern (digits dropped: pool-1-thread-7 → pool-#-thread-#).
 */
final class SameClassDominators {
    /** Members must retain this much on average. */
    private static final long MIN_AVERAGE = 1024;

    private SameClassDominators() {}

    static List<Finding> find(HeapSnapshot heap, DominatorTree dom, GcRootPaths paths, NativeMemory nativeMemory, long threshold) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        Map<String, String> threadPattern = new java.util.HashMap<>();
        for (int top : dom.topLevel()) {
            if (heap.isClassObject(top)) continue; // classes are named by their static fields
            // similar roots that last: threads, JNI globals, classes; not what a thread's frames happened to hold
            if (paths.parentOf(top) == -1 && transientRoot(paths.rootKindOf(top))) continue;
            // a JDK object that is top-level only because two JDK structures share it (ZipFile$Source of each jar on
            // the class path) is not a root that multiplies; roots themselves and application objects are
            if (paths.parentOf(top) != -1 && isJdkClass(heap.classOfObject(top).name())) continue;
            String cls = heap.classOfObject(top).name();
            String key = cls;
            int thread = isThread(heap, heap.classOf(top)) ? top : rootThread(heap, paths, top);
            if (thread >= 0) {
                // threads of one kind, or what the threads of one kind run (their Runnable, kept by the thread and its frames)
                String pattern = namePattern(threadName(heap, thread));
                key = cls + " \"" + pattern + "\"";
                threadPattern.put(key, pattern);
            }
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(top);
        }
        List<Finding> out = new ArrayList<>();
        for (var e : groups.entrySet()) {
            List<Integer> members = e.getValue();
            if (members.size() < 2) continue;
            long heapBytes = 0, nativeBytes = 0, buffers = 0;
            int biggest = members.get(0);
            for (int m : members) {
                heapBytes += dom.retainedSize(m);
                nativeBytes += nativeMemory == null ? 0 : nativeMemory.bytesUnder(m);
                buffers += nativeMemory == null ? 0 : nativeMemory.buffersUnder(m);
                if (dom.retainedSize(m) > dom.retainedSize(biggest)) biggest = m;
            }
            // many tiny objects (strings, boxes) are not roots that multiply a leak
            if (heapBytes + nativeBytes < threshold || heapBytes + nativeBytes < MIN_AVERAGE * members.size()) continue;
            String cls = heap.classOfObject(biggest).name();
            String pattern = threadPattern.get(e.getKey());
            String holder;
            String rootKind = paths.parentOf(biggest) == -1 ? paths.rootKindOf(biggest).label() : "";
            if (pattern != null && rootKind.isEmpty()) holder = "GC root: threads \"" + pattern + "\" → " + LeakSuspects.holderOf(heap, dom, paths, biggest);
            else if (pattern != null) holder = "GC root: " + members.size() + " threads \"" + pattern + "\"";
            else if (!rootKind.isEmpty()) holder = "GC root: " + rootKind + " — " + members.size() + " × " + cls;
            else holder = members.size() + " × " + cls + " held by " + LeakSuspects.holderOf(heap, dom, paths, biggest);
            int[] points = members.stream().mapToInt(Integer::intValue).toArray();
            Finding f = new Finding(Finding.Kind.SAME_CLASS, holder, "SAME_CLASS:" + rootKind + ":" + e.getKey(), biggest, points,
                    cls, members.size(), heapBytes, nativeBytes, buffers);
            out.add(f);
        }
        return out;
    }

    /** The thread at the root of obj's path, or -1. */
    private static int rootThread(HeapSnapshot heap, GcRootPaths paths, int obj) {
        if (!paths.hasPath(obj)) return -1;
        int root = obj;
        for (int steps = 0; paths.parentOf(root) >= 0; steps++) {
            if (steps > 10_000) return -1; // deep in a chain: not a thread's own object
            root = paths.parentOf(root);
        }
        return !heap.isClassObject(root) && isThread(heap, heap.classOf(root)) ? root : -1;
    }

    private static boolean transientRoot(GcRootKind kind) {
        return kind == GcRootKind.JAVA_FRAME || kind == GcRootKind.JNI_LOCAL || kind == GcRootKind.NATIVE_STACK
                || kind == GcRootKind.THREAD_BLOCK || kind == GcRootKind.MONITOR_USED;
    }

    private static boolean isJdkClass(String name) {
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.")
                || name.startsWith("com.sun.");
    }

    static boolean isThread(HeapSnapshot heap, int classIndex) {
        for (int c = classIndex, guard = 0; c >= 0 && guard < 64; c = heap.heapClass(c).superIndex(), guard++) {
            if (heap.heapClass(c).name().equals("java.lang.Thread")) return true;
        }
        return false;
    }

    static String threadName(HeapSnapshot heap, int thread) {
        int name = heap.reader().fieldObject(thread, "name");
        String s = name >= 0 ? heap.reader().readString(name, 200) : null;
        return s == null ? "?" : s;
    }

    /** Digit runs become '#': the threads of one pool, or of one kind started again and again, share a pattern. */
    static String namePattern(String name) {
        return name.replaceAll("\\d+", "#");
    }
}

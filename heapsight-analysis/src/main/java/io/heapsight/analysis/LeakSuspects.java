package io.heapsight.analysis;

import io.heapsight.common.LibraryClasses;
import io.heapsight.heap.HeapClass;
import io.heapsight.heap.HeapSnapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds where memory accumulates. Explores only the dominator-tree nodes that retain at least a threshold, and
 * reports a node as an accumulation point when the memory under it is spread over many children none of which is
 * big on its own (a map's table, a list's array, the head of a linked chain). It then climbs from a JDK-internal
 * array to the collection that owns it (Node[] -> HashMap), names the field holding that collection, and finds the
 * class of the elements (looking through entry objects such as HashMap$Node to their values).
 */
public final class LeakSuspects {
    /** A node whose largest child holds this share of it is a pass-through, not an accumulation point. */
    private static final double PASS_THROUGH = 0.8;
    /** Elements an application object (not an array or library collection) must hold to count as an accumulation point. */
    private static final int MIN_ELEMENTS_OF_PLAIN_OBJECT = 16;

    private LeakSuspects() {}

    public static List<Suspect> find(HeapSnapshot heap, DominatorTree dom, GcRootPaths paths, double minFraction, int max) {
        return find(heap, dom, paths, minFraction, max, null);
    }

    /** As above, with the accumulation candidates already found ({@link #candidates}; null: found now). */
    public static List<Suspect> find(HeapSnapshot heap, DominatorTree dom, GcRootPaths paths, double minFraction, int max,
                                     Candidates candidates) {
        return find(heap, dom, paths, minFraction, max, candidates, NativeMemory.compute(heap, dom, paths));
    }

    /** As above, with the native memory along the paths already computed (the direct-buffer inspection shares it). */
    public static List<Suspect> find(HeapSnapshot heap, DominatorTree dom, GcRootPaths paths, double minFraction, int max,
                                     Candidates candidates, NativeMemory nativeMemory) {
        long total = Math.max(1, dom.reachableBytes());
        long threshold = threshold(dom, minFraction);
        // a group of same-class dominators is a suspect when it holds a tenth of the heap (MAT's rule), or the threshold
        long groupThreshold = Math.max(threshold, total / 10);
        List<Finding> found = findings(heap, dom, paths, nativeMemory, threshold, groupThreshold, false, candidates);
        return SuspectRanking.rank(heap, dom, paths, nativeMemory, found, max);
    }

    private static long threshold(DominatorTree dom, double minFraction) {
        return Math.max(1024, (long) (Math.max(1, dom.reachableBytes()) * minFraction));
    }

    /**
     * The accumulation points {@link #find} starts from, before they are named: found by walking the dominator tree
     * only (the subtrees of big nodes, counting elements), so they can be found while the GC-root paths are not known
     * yet (on another thread during the paths' BFS).
     */
    public static final class Candidates {
        private final long threshold;
        private final boolean bigElements;
        private final List<Candidate> found;

        private Candidates(long threshold, boolean bigElements, List<Candidate> found) {
            this.threshold = threshold;
            this.bigElements = bigElements;
            this.found = found;
        }
    }

    /** The candidates {@link #find} with this {@code minFraction} needs. */
    public static Candidates candidates(HeapSnapshot heap, DominatorTree dom, double minFraction) {
        long threshold = Math.max(1024, threshold(dom, minFraction));
        return new Candidates(threshold, false, candidates(heap, dom, threshold, false));
    }

    /**
     * Every accumulation point retaining at least minRetainedBytes, for comparing dumps (`heapsight diff`). Besides
     * what {@link #find} reports, a collection or array whose memory is split among two or more elements that are
     * each above the threshold also counts (e.g. a list of redeployed class loaders' objects, of 256 KB each):
     * in a small heap such elements are "big on their own", yet the list is what grows.
     */
    public static List<Suspect> findAccumulationPoints(HeapSnapshot heap, DominatorTree dom, GcRootPaths paths, long minRetainedBytes) {
        long total = Math.max(1, dom.reachableBytes());
        long threshold = Math.max(1024, minRetainedBytes);
        List<Finding> found = accumulationPoints(heap, dom, paths, null, candidates(heap, dom, threshold, true));
        List<Suspect> out = new ArrayList<>();
        for (Finding f : found) out.add(SuspectRanking.suspectOf(heap, paths, f, total));
        return out;
    }

    /**
     * Every holder of a dump: accumulation points (at least threshold), native-memory holders (at least threshold of
     * native), same-class dominator groups and class-loader leaks (at least groupThreshold). Not yet ranked: see
     * {@link SuspectRanking}. bigElements: also collections of a few big elements (for diff, see above).
     */
    public static List<Finding> findings(HeapSnapshot heap, DominatorTree dom, GcRootPaths paths, NativeMemory nativeMemory,
                                         long threshold, long groupThreshold, boolean bigElements) {
        return findings(heap, dom, paths, nativeMemory, threshold, groupThreshold, bigElements, null);
    }

    private static List<Finding> findings(HeapSnapshot heap, DominatorTree dom, GcRootPaths paths, NativeMemory nativeMemory,
                                          long threshold, long groupThreshold, boolean bigElements, Candidates known) {
        long at = Math.max(1024, threshold);
        List<Candidate> candidates = known != null && known.threshold == at && known.bigElements == bigElements
                ? known.found : candidates(heap, dom, at, bigElements);
        List<Finding> found = accumulationPoints(heap, dom, paths, nativeMemory, candidates);
        Map<String, Finding> bySignature = new HashMap<>();
        for (Finding f : found) bySignature.putIfAbsent(f.signature, f);
        for (Finding n : nativeMemory.holders(heap, dom, paths, Math.max(1024, threshold))) {
            // a heap point with the same path carries that native memory; else the native holder stands on its own
            Finding same = bySignature.get(n.signature);
            if (same != null) {
                if (n.nativeBytes > same.nativeBytes) {
                    same.nativeBytes = n.nativeBytes;
                    same.nativeBuffers = n.nativeBuffers;
                }
            } else {
                found.add(n);
            }
        }
        found.addAll(SameClassDominators.find(heap, dom, paths, nativeMemory, Math.max(1024, groupThreshold)));
        found.addAll(ClassLoaderLeaks.find(heap, dom, paths, Math.max(1024, threshold)));
        return found;
    }

    /** Nodes retaining at least {@code threshold} where memory accumulates (see the class comment); dominator tree only. */
    private static List<Candidate> candidates(HeapSnapshot heap, DominatorTree dom, long threshold, boolean bigElements) {
        List<Candidate> found = new ArrayList<>();
        int[] stack = new int[256];
        int sp = 0;
        for (int top : dom.topLevel()) {
            if (dom.retainedSize(top) >= threshold) {
                if (sp == stack.length) stack = java.util.Arrays.copyOf(stack, sp * 2);
                stack[sp++] = top;
            }
        }
        StableClassNames names = null; // once, at the first point that needs them
        while (sp > 0) {
            int v = stack[--sp];
            long bigSum = 0;
            int bigCount = 0;
            int biggest = -1;
            for (int k = dom.childStart(v); k < dom.childEnd(v); k++) {
                int c = dom.child(k);
                long r = dom.retainedSize(c);
                if (r >= threshold) {
                    bigSum += r;
                    bigCount++;
                    if (biggest < 0 || r > dom.retainedSize(biggest)) biggest = c;
                }
            }
            // a chain of same-class nodes (linked list): report its head, skip down to its end
            if (bigCount == 1 && heap.classOf(biggest) == heap.classOf(v) && !heap.isClassObject(v)) {
                int length = 1;
                int end = biggest;
                int bigEnd = end; // where the chain stops holding big things: explore from there
                while (true) {
                    length++;
                    int next = -1;
                    for (int k = dom.childStart(end); k < dom.childEnd(end); k++) {
                        int c = dom.child(k);
                        if (heap.classOf(c) == heap.classOf(v)) {
                            next = c;
                            break;
                        }
                    }
                    if (next < 0) break;
                    end = next;
                    if (dom.retainedSize(end) >= threshold) bigEnd = end;
                }
                found.add(new Candidate(v, heap.classOfObject(v).name(), length, true));
                end = bigEnd;
                for (int k = dom.childStart(end); k < dom.childEnd(end); k++) {
                    int c = dom.child(k);
                    if (dom.retainedSize(c) >= threshold) {
                        if (sp == stack.length) stack = java.util.Arrays.copyOf(stack, sp * 2);
                        stack[sp++] = c;
                    }
                }
                continue;
            }
            long spread = dom.retainedSize(v) - heap.shallowSize(v) - bigSum;
            boolean passThrough = biggest >= 0 && dom.retainedSize(biggest) >= PASS_THROUGH * dom.retainedSize(v);
            boolean manyBigElements = bigElements && bigCount >= 2 && !heap.isClassObject(v)
                    && (isLibraryContainer(heap, v) || heap.classOfObject(v).isArray());
            if (!passThrough && (spread >= threshold || manyBigElements)) {
                if (names == null) names = StableClassNames.of(heap);
                Elements e = elementsOf(heap, dom, v, names);
                e = new Elements(e.className, countInSubtree(heap, dom, v, e.className, e.count, names));
                // a plain object with a few fat fields is not a collection: only report it when elements are many
                boolean container = isLibraryContainer(heap, v) || heap.classOfObject(v).isArray();
                if (container || e.count >= MIN_ELEMENTS_OF_PLAIN_OBJECT) {
                    found.add(new Candidate(v, e.className, e.count, false));
                }
            }
            for (int k = dom.childStart(v); k < dom.childEnd(v); k++) {
                int c = dom.child(k);
                if (dom.retainedSize(c) >= threshold) {
                    if (sp == stack.length) stack = java.util.Arrays.copyOf(stack, sp * 2);
                    stack[sp++] = c;
                }
            }
        }
        return found;
    }

    /** Names each candidate by its owning collection and holding field, and groups the same holders. */
    private static List<Finding> accumulationPoints(HeapSnapshot heap, DominatorTree dom, GcRootPaths paths,
                                                    NativeMemory nativeMemory, List<Candidate> found) {
        Map<String, List<Built>> groups = new LinkedHashMap<>();
        for (Candidate c : found) {
            int point = climbToCollection(heap, dom, c.node);
            String holder = holderOf(heap, dom, paths, point);
            String signature = holderSignature(heap, paths, point);
            Built b = new Built(point, holder, signature, c.elementClass, c.count, dom.retainedSize(point));
            groups.computeIfAbsent(signature + "|" + c.elementClass, k -> new ArrayList<>()).add(b);
        }
        List<Finding> out = new ArrayList<>();
        for (List<Built> g : groups.values()) {
            // nested candidates under one point (e.g. a chain inside a map) keep the largest
            g.sort(Comparator.comparingLong((Built b) -> b.retained).reversed());
            long bytes = 0, count = 0, nativeBytes = 0, buffers = 0;
            java.util.LinkedHashSet<Integer> seen = new java.util.LinkedHashSet<>();
            for (Built b : g) {
                if (!seen.add(b.point)) continue;
                bytes += b.retained;
                count += b.count;
                if (nativeMemory != null) {
                    nativeBytes += nativeMemory.bytesUnder(b.point);
                    buffers += nativeMemory.buffersUnder(b.point);
                }
            }
            Built first = g.get(0);
            int[] points = seen.stream().mapToInt(Integer::intValue).toArray();
            out.add(new Finding(Finding.Kind.ACCUMULATION, first.holder, first.signature, first.point, points,
                    first.elementClass, count, bytes, nativeBytes, buffers));
        }
        return out;
    }

    private record Candidate(int node, String elementClass, long count, boolean chain) {}

    private record Built(int point, String holder, String signature, String elementClass, long count, long retained) {}

    private record Elements(String className, long count) {}

    /**
     * Instances of the accumulated class under v in the dominator tree (entries chained in a hash bucket are
     * dominated by the previous entry, not by the table, so direct children undercount). Bounded walk.
     */
    static long countInSubtree(HeapSnapshot heap, DominatorTree dom, int v, String className, long fallback,
                               StableClassNames names) {
        // every class of that name: the same class defined by several loaders (redeploys) is one kind of element
        int named = names.groupNamed(className);
        if (named < 0) return fallback;
        long count = 0;
        int[] stack = new int[256];
        int sp = 0;
        stack[sp++] = v;
        long visited = 0;
        while (sp > 0 && visited < 50_000_000L) {
            int x = stack[--sp];
            visited++;
            if (x != v && names.group(heap.classOf(x)) == named && !heap.isClassObject(x)) {
                count++;
                continue; // what an element holds is not more elements of the same collection
            }
            for (int k = dom.childStart(x); k < dom.childEnd(x); k++) {
                if (sp == stack.length) stack = java.util.Arrays.copyOf(stack, sp * 2);
                stack[sp++] = dom.child(k);
            }
        }
        return count == 0 ? fallback : count;
    }

    /** The class whose instances hold most of v's memory among its dominator children, looking through entry objects. */
    static Elements elementsOf(HeapSnapshot heap, DominatorTree dom, int v, StableClassNames names) {
        // per-class tallies in arrays, not boxed maps: an accumulation point can have millions of children
        int classes = heap.classCount();
        long[] count = new long[classes];
        long[] bytes = new long[classes];
        int[] same = names.sameHidden();
        for (int k = dom.childStart(v); k < dom.childEnd(v); k++) {
            int c = dom.child(k);
            int cls = same[heap.classOf(c)];
            count[cls]++;
            bytes[cls] += dom.retainedSize(c);
        }
        int topClass = -1;
        for (int c = 0; c < classes; c++) {
            if (count[c] > 0 && (topClass < 0 || bytes[c] > bytes[topClass])) topClass = c;
        }
        if (topClass < 0) return new Elements("?", 0);
        long topCount = count[topClass];
        String name = stableName(heap.heapClass(topClass).name());
        if (isEntryClass(name)) {
            // count entries, but name the class of what the entries hold (the values, usually)
            long[] inner = new long[classes];
            for (int k = dom.childStart(v); k < dom.childEnd(v); k++) {
                int c = dom.child(k);
                if (same[heap.classOf(c)] != topClass) continue;
                for (int j = dom.childStart(c); j < dom.childEnd(c); j++) {
                    int g = dom.child(j);
                    inner[heap.classOf(g)] += dom.retainedSize(g);
                }
            }
            int best = -1;
            for (int c = 0; c < classes; c++) {
                if (inner[c] == 0 || isEntryClass(heap.heapClass(c).name())) continue;
                if (best < 0 || inner[c] > inner[best]) best = c;
            }
            if (best >= 0) name = stableName(heap.heapClass(best).name());
        }
        return new Elements(name, topCount);
    }

    /** A hidden class's name without its address suffix, which differs per definition and per JVM run. */
    public static String stableName(String className) {
        int slash = className.lastIndexOf("/0x");
        return slash > 0 ? className.substring(0, slash) : className;
    }

    static boolean isEntryClass(String name) {
        return LibraryClasses.isEntryClass(name);
    }

    /** Library classes that implement collections: an accumulation point inside one is named after the collection. */
    static boolean isLibraryContainer(HeapSnapshot heap, int obj) {
        if (heap.isClassObject(obj)) return false;
        HeapClass c = heap.classOfObject(obj);
        return LibraryClasses.isContainer(c.name(), c.isArray());
    }

    /** From an array or internal node up to the collection that owns it, as long as each step adds little memory. */
    public static int climbToCollection(HeapSnapshot heap, DominatorTree dom, int v) {
        int cur = v;
        for (int steps = 0; steps < 8; steps++) {
            int p = dom.idom(cur);
            if (p < 0 || !isLibraryContainer(heap, p)) break;
            long extra = dom.retainedSize(p) - dom.retainedSize(cur);
            if (extra > Math.max(4096, dom.retainedSize(cur) / 20)) break;
            cur = p;
        }
        return cur;
    }

    /**
     * declaringClass.fieldName of the reference that keeps obj alive: from its dominator if it refers to obj
     * directly, else from the shortest path. When that reference is an array slot or a field inside a library
     * collection (a map inside a list), the holder is the nearest application or static field above it on the
     * path, e.g. {@code Cache.REGIONS} rather than {@code java.lang.Object[][6]}.
     */
    public static String holderOf(HeapSnapshot heap, DominatorTree dom, GcRootPaths paths, int obj) {
        int d = dom.idom(obj);
        String name = null;
        int holderObj = -1;
        if (d >= 0 && refersTo(heap, d, obj)) {
            name = heap.reader().referenceName(d, obj);
            holderObj = d;
        } else {
            int p = paths.parentOf(obj);
            if (p >= 0) {
                name = heap.reader().referenceName(p, obj);
                holderObj = p;
            } else if (p == -1) {
                return "GC root: " + paths.describeRoot(obj);
            }
        }
        if (name == null || name.equals("?")) return heap.describe(Math.max(d, 0));
        // a loader reached from one of its classes: name the class ("<classloader>" alone tells nothing)
        if (name.startsWith("<") && holderObj >= 0 && heap.isClassObject(holderObj)) return heap.describe(holderObj) + " " + name;
        if (isInternalReference(name)) {
            List<PathStep> steps = paths.path(obj);
            for (int i = steps.size() - 1; i >= 1; i--) {
                String via = steps.get(i).via();
                if (!isInternalReference(via) && !via.startsWith("<")) return via.startsWith("static ") ? via.substring(7) : via;
            }
        }
        if (name.startsWith("static ")) return name.substring(7);
        if (name.startsWith("[")) return heap.classOfObject(holderObj).name() + name;
        return name;
    }

    /** An array slot, or a field declared by a library collection class (ArrayList.elementData, HashMap$Node.value). */
    static boolean isInternalReference(String via) {
        if (via.startsWith("[")) return true;
        if (via.startsWith("static ")) return false;
        int dot = via.lastIndexOf('.');
        if (dot < 0) return false;
        return LibraryClasses.isPassThroughField(via.substring(0, dot));
    }

    private static boolean refersTo(HeapSnapshot heap, int from, int to) {
        if (heap.classObjectOf(from) == to) return true;
        for (int k = heap.edgeStart(from); k < heap.edgeEnd(from); k++) if (heap.edgeTarget(k) == to) return true;
        return false;
    }

    /** Root kind plus the chain of field names from the root: the same collection has the same signature in every dump. */
    public static String holderSignature(HeapSnapshot heap, GcRootPaths paths, int obj) {
        List<PathStep> steps = paths.path(obj);
        if (steps.isEmpty()) return "no-strong-path:" + heap.classOfObject(obj).name();
        StringBuilder sb = new StringBuilder();
        PathStep root = steps.get(0);
        String rootKind = paths.rootKindOf(root.objectIndex()).name();
        sb.append(rootKind);
        if (heap.isClassObject(root.objectIndex())) sb.append(':').append(root.object());
        else sb.append(':').append(heap.classOfObject(root.objectIndex()).name());
        for (int i = 1; i < steps.size(); i++) {
            String via = steps.get(i).via();
            if (via.startsWith("[")) via = "[]"; // array slots differ between dumps
            sb.append(" -> ").append(via);
        }
        return sb.toString();
    }
}

package io.heapsight.analysis;

import io.heapsight.common.ByteSize;
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
        long total = Math.max(1, dom.reachableBytes());
        return search(heap, dom, paths, Math.max(1024, (long) (total * minFraction)), max, false);
    }

    /**
     * Every accumulation point retaining at least minRetainedBytes, for comparing dumps (`heapsight diff`). Besides
     * what {@link #find} reports, a collection or array whose memory is split among two or more elements that are
     * each above the threshold also counts (e.g. a list of redeployed class loaders' objects, of 256 KB each):
     * in a small heap such elements are "big on their own", yet the list is what grows.
     */
    public static List<Suspect> findAccumulationPoints(HeapSnapshot heap, DominatorTree dom, GcRootPaths paths, long minRetainedBytes) {
        return search(heap, dom, paths, Math.max(1024, minRetainedBytes), Integer.MAX_VALUE, true);
    }

    private static List<Suspect> search(HeapSnapshot heap, DominatorTree dom, GcRootPaths paths, long threshold, int max,
                                        boolean bigElements) {
        long total = Math.max(1, dom.reachableBytes());
        List<Candidate> found = new ArrayList<>();
        int[] stack = new int[256];
        int sp = 0;
        for (int top : dom.topLevel()) {
            if (dom.retainedSize(top) >= threshold) {
                if (sp == stack.length) stack = java.util.Arrays.copyOf(stack, sp * 2);
                stack[sp++] = top;
            }
        }
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
                Elements e = elementsOf(heap, dom, v);
                e = new Elements(e.className, countInSubtree(heap, dom, v, e.className, e.count));
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

        // name each accumulation point by its owning collection and holding field; group same holders
        Map<String, List<Built>> groups = new LinkedHashMap<>();
        for (Candidate c : found) {
            int point = climbToCollection(heap, dom, c.node);
            String holder = holderOf(heap, dom, paths, point);
            String signature = holderSignature(heap, paths, point);
            Built b = new Built(point, holder, signature, c.elementClass, c.count, dom.retainedSize(point));
            groups.computeIfAbsent(signature + "|" + c.elementClass, k -> new ArrayList<>()).add(b);
        }
        List<Suspect> out = new ArrayList<>();
        for (List<Built> g : groups.values()) {
            // nested candidates under one point (e.g. a chain inside a map) keep the largest
            g.sort(Comparator.comparingLong((Built b) -> b.retained).reversed());
            long bytes = 0, count = 0;
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (Built b : g) {
                if (!seen.add(b.point)) continue;
                bytes += b.retained;
                count += b.count;
            }
            Built first = g.get(0);
            int instances = seen.size();
            String pointDesc = heap.describe(first.point);
            String desc = describe(first, instances, count, bytes, total, pointDesc);
            out.add(new Suspect(0, first.holder, first.signature, pointDesc, first.point,
                    heap.classOfObject(first.point).name(), first.elementClass, count, bytes, (double) bytes / total,
                    instances, paths.path(first.point), desc));
        }
        out.sort(Comparator.comparingLong(Suspect::retainedBytes).reversed());
        // number them, largest first (an accumulation point nested in a bigger one stays: it names a different field)
        List<Suspect> ranked = new ArrayList<>();
        for (Suspect s : out) {
            if (ranked.size() >= max) break;
            ranked.add(new Suspect(ranked.size() + 1, s.holder(), s.holderPath(), s.accumulationPoint(), s.accumulationPointIndex(),
                    s.accumulationPointClass(), s.accumulatedClass(), s.count(), s.retainedBytes(), s.heapFraction(),
                    s.instances(), s.path(), s.description()));
        }
        return ranked;
    }

    private record Candidate(int node, String elementClass, long count, boolean chain) {}

    private record Built(int point, String holder, String signature, String elementClass, long count, long retained) {}

    private record Elements(String className, long count) {}

    /**
     * Instances of the accumulated class under v in the dominator tree (entries chained in a hash bucket are
     * dominated by the previous entry, not by the table, so direct children undercount). Bounded walk.
     */
    static long countInSubtree(HeapSnapshot heap, DominatorTree dom, int v, String className, long fallback) {
        // every class of that name: the same class defined by several loaders (redeploys) is one kind of element
        boolean[] named = new boolean[heap.classCount()];
        boolean any = false;
        for (int c = 0; c < heap.classCount(); c++) {
            if (heap.heapClass(c).name().equals(className)) {
                named[c] = true;
                any = true;
            }
        }
        if (!any) return fallback;
        long count = 0;
        int[] stack = new int[256];
        int sp = 0;
        stack[sp++] = v;
        long visited = 0;
        while (sp > 0 && visited < 50_000_000L) {
            int x = stack[--sp];
            visited++;
            if (x != v && named[heap.classOf(x)] && !heap.isClassObject(x)) {
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
    static Elements elementsOf(HeapSnapshot heap, DominatorTree dom, int v) {
        // per-class tallies in arrays, not boxed maps: an accumulation point can have millions of children
        int classes = heap.classCount();
        long[] count = new long[classes];
        long[] bytes = new long[classes];
        for (int k = dom.childStart(v); k < dom.childEnd(v); k++) {
            int c = dom.child(k);
            int cls = heap.classOf(c);
            count[cls]++;
            bytes[cls] += dom.retainedSize(c);
        }
        int topClass = -1;
        for (int c = 0; c < classes; c++) {
            if (count[c] > 0 && (topClass < 0 || bytes[c] > bytes[topClass])) topClass = c;
        }
        if (topClass < 0) return new Elements("?", 0);
        long topCount = count[topClass];
        String name = heap.heapClass(topClass).name();
        if (isEntryClass(name)) {
            // count entries, but name the class of what the entries hold (the values, usually)
            long[] inner = new long[classes];
            for (int k = dom.childStart(v); k < dom.childEnd(v); k++) {
                int c = dom.child(k);
                if (heap.classOf(c) != topClass) continue;
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
            if (best >= 0) name = heap.heapClass(best).name();
        }
        return new Elements(name, topCount);
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
        if (isInternal(name)) {
            List<PathStep> steps = paths.path(obj);
            for (int i = steps.size() - 1; i >= 1; i--) {
                String via = steps.get(i).via();
                if (!isInternal(via) && !via.startsWith("<")) return via.startsWith("static ") ? via.substring(7) : via;
            }
        }
        if (name.startsWith("static ")) return name.substring(7);
        if (name.startsWith("[")) return heap.classOfObject(holderObj).name() + name;
        return name;
    }

    /** An array slot, or a field declared by a library collection class (ArrayList.elementData, HashMap$Node.value). */
    private static boolean isInternal(String via) {
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

    private static String describe(Built b, int instances, long count, long bytes, long total, String pointDesc) {
        String where = instances > 1 ? instances + " " + pointDescClass(pointDesc) + " instances held by " + b.holder
                : pointDesc + " held by " + b.holder;
        return String.format("%,d × %s accumulate in %s, retaining %s (%.1f%% of the reachable heap)",
                count, b.elementClass, where, ByteSize.format(bytes), 100.0 * bytes / total);
    }

    private static String pointDescClass(String desc) {
        int at = desc.indexOf('@');
        return at < 0 ? desc : desc.substring(0, at);
    }
}

package io.heapsight.analysis;

import io.heapsight.common.ByteSize;
import io.heapsight.heap.HeapSnapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Orders findings so that the most specific holder comes first. Findings nest: a class loader's class list contains
 * the static fields of its classes, a group of threads contains their thread-local maps. A finding whose size is
 * mostly ({@link #EXPLAINED}) made of findings inside it is their container: it ranks by what they leave unexplained
 * and never above them; a class list pseudo-holder always counts as a container. A group (same-class dominators,
 * class-loader leak) that lies wholly inside an accumulation point is the same leak seen from below: it is folded into
 * that point, which names the field. Sizes are heap retained plus native memory pinned through direct buffers.
 */
public final class SuspectRanking {
    /** Share of a holder's size that holders inside it must explain for it to rank below them. */
    public static final double EXPLAINED = 0.75;
    /** Steps up the dominator (or path) tree over all findings: bounds the work on million-deep chains. */
    private static final long MAX_STEPS = 20_000_000L;

    private SuspectRanking() {}

    static List<Suspect> rank(HeapSnapshot heap, DominatorTree dom, GcRootPaths paths, NativeMemory nativeMemory,
                              List<Finding> findings, int max) {
        List<Finding> kept = relate(heap, dom, paths, nativeMemory, findings);
        // a map nested in a map under the same field reads as the same holder twice: the outer one counts it
        kept.removeIf(f -> {
            for (Finding c = f.container; c != null; c = c.container) {
                if (c.kind == f.kind && c.holder.equals(f.holder)) return true;
            }
            return false;
        });
        List<Finding> order = order(kept);
        long total = Math.max(1, dom.reachableBytes());
        Map<Finding, Integer> rankOf = new IdentityHashMap<>();
        for (int i = 0; i < order.size(); i++) rankOf.put(order.get(i), i + 1);
        List<Suspect> out = new ArrayList<>();
        for (Finding f : order) {
            if (out.size() >= max) break;
            String desc = describe(heap, f, total) + containerNote(f, rankOf);
            out.add(toSuspect(heap, paths, f, out.size() + 1, total, desc));
        }
        return out;
    }

    /**
     * Folds groups into the accumulation points that contain them, then records for each finding the findings
     * directly inside it. Returns the findings that remain.
     */
    public static List<Finding> relate(HeapSnapshot heap, DominatorTree dom, GcRootPaths paths, NativeMemory nativeMemory,
                                       List<Finding> findings) {
        List<Finding> kept = new ArrayList<>(findings);
        Map<Finding, List<Finding>> containers = containers(dom, paths, kept);
        for (Finding f : findings) {
            if (f.kind != Finding.Kind.SAME_CLASS && f.kind != Finding.Kind.CLASS_LOADERS) continue;
            List<Finding> in = containers.get(f);
            Finding only = in.isEmpty() ? null : in.get(0);
            boolean whollyInside = only != null && !in.contains(null) && in.stream().allMatch(c -> c == only);
            if (whollyInside && (only.kind == Finding.Kind.ACCUMULATION || only.kind == Finding.Kind.NATIVE)) {
                kept.remove(f);
                only.detail = joined(only.detail, "it keeps " + (f.kind == Finding.Kind.CLASS_LOADERS ? f.summary
                        : f.points.length + " × " + f.elementClass));
            }
        }
        // a group of threads (or other roots) that is there because each pins a loader of a leaking application
        for (Finding g : new ArrayList<>(kept)) {
            if (g.kind != Finding.Kind.SAME_CLASS) continue;
            for (Finding l : kept) {
                if (l.kind != Finding.Kind.CLASS_LOADERS) continue;
                long inside = 0;
                List<Finding> in = containers.get(l);
                for (int i = 0; i < l.points.length; i++) if (in.get(i) == g) inside += share(dom, nativeMemory, l, i);
                if (inside > 0 && inside >= EXPLAINED * g.totalBytes()) {
                    kept.remove(g);
                    l.detail = joined(l.detail, "each held by one of " + g.points.length + " × " + g.elementClass);
                    break;
                }
            }
        }
        containers = containers(dom, paths, kept);
        for (Finding f : kept) {
            f.nestedBytes = 0;
            f.nested.clear();
            f.container = null;
        }
        for (Finding f : kept) {
            List<Finding> in = containers.get(f);
            for (int i = 0; i < f.points.length; i++) {
                Finding c = in.get(i);
                if (c == null) continue;
                c.nestedBytes += f.points.length == 1 ? f.totalBytes() : share(dom, nativeMemory, f, i);
                if (!c.nested.contains(f)) c.nested.add(f);
                if (f.container == null) f.container = c;
            }
        }
        return kept;
    }

    /** What the i-th point of a finding stands for: its retained size (or pointBytes) plus its native memory. */
    private static long share(DominatorTree dom, NativeMemory nativeMemory, Finding f, int i) {
        int point = f.points[i];
        if (f.pointBytes != null) return f.pointBytes[i];
        long nat = f.nativeBytes > 0 && nativeMemory != null ? nativeMemory.bytesUnder(point) : 0;
        return dom.retainedSize(point) + nat;
    }

    /** For each finding, per point, the nearest other finding above that point (null: none). */
    private static Map<Finding, List<Finding>> containers(DominatorTree dom, GcRootPaths paths, List<Finding> findings) {
        Map<Integer, Finding> owner = new HashMap<>();
        for (Finding f : findings) for (int p : f.points) owner.putIfAbsent(p, f);
        Map<Finding, List<Finding>> out = new IdentityHashMap<>();
        long budget = MAX_STEPS;
        for (Finding f : findings) {
            List<Finding> in = new ArrayList<>(f.points.length);
            for (int p : f.points) {
                Finding c = null;
                // native memory follows the shortest paths (buffers are dominated by the root through the Cleaner)
                boolean byPath = f.kind == Finding.Kind.NATIVE;
                int v = byPath ? paths.parentOf(p) : dom.idom(p);
                while (v >= 0 && budget-- > 0) {
                    Finding o = owner.get(v);
                    if (o != null && o != f) {
                        c = o;
                        break;
                    }
                    v = byPath ? paths.parentOf(v) : dom.idom(v);
                }
                if (c == null && f.kind == Finding.Kind.SAME_CLASS && paths.parentOf(p) >= 0) {
                    // a top-level dominator only because something else refers to it too (a direct buffer and the
                    // JDK's Cleaner list): it belongs to the holder on its path
                    for (v = paths.parentOf(p); v >= 0 && budget-- > 0 && c == null; v = paths.parentOf(v)) {
                        Finding o = owner.get(v);
                        if (o != null && o != f) c = o;
                    }
                }
                in.add(c);
            }
            out.put(f, in);
        }
        return out;
    }

    /** Biggest unexplained size first; a container moves below every finding inside it. */
    static List<Finding> order(List<Finding> findings) {
        List<Finding> order = new ArrayList<>(findings);
        order.sort(Comparator.comparingLong(Finding::rankBytes).reversed()
                .thenComparing(Comparator.comparingLong(Finding::totalBytes).reversed()));
        for (int pass = 0; pass < order.size(); pass++) {
            boolean moved = false;
            for (int i = 0; i < order.size() && !moved; i++) {
                Finding c = order.get(i);
                if (!c.isContainer()) continue;
                int last = i;
                for (Finding n : c.nested) last = Math.max(last, order.indexOf(n));
                if (last > i) {
                    order.remove(i);
                    order.add(last, c);
                    moved = true;
                }
            }
            if (!moved) break;
        }
        return order;
    }

    /** The finding in analyze's suspect shape, unranked (rank 0), described. */
    public static Suspect suspectOf(HeapSnapshot heap, GcRootPaths paths, Finding f, long reachableBytes) {
        long total = Math.max(1, reachableBytes);
        return toSuspect(heap, paths, f, 0, total, describe(heap, f, total));
    }

    static Suspect toSuspect(HeapSnapshot heap, GcRootPaths paths, Finding f, int rank, long total, String description) {
        return new Suspect(rank, f.holder, f.signature, heap.describe(f.point), f.point, heap.classOfObject(f.point).name(),
                f.elementClass, f.count, f.retained, (double) f.retained / total, f.points.length, paths.path(f.point),
                description, f.nativeBytes);
    }

    static String describe(HeapSnapshot heap, Finding f, long total) {
        String pointDesc = heap.describe(f.point);
        String heapShare = String.format("%s (%.1f%% of the reachable heap)", ByteSize.format(f.retained), 100.0 * f.retained / total);
        String nat = f.nativeBytes > 0 ? String.format(" and %s of native memory in %,d direct buffers", ByteSize.format(f.nativeBytes),
                f.nativeBuffers) : "";
        String text = switch (f.kind) {
            case ACCUMULATION -> {
                String where = f.points.length > 1 ? f.points.length + " " + pointClass(pointDesc) + " instances held by " + f.holder
                        : pointDesc + " held by " + f.holder;
                yield String.format("%,d × %s accumulate in %s, retaining %s%s", f.count, f.elementClass, where, heapShare, nat);
            }
            case NATIVE -> String.format("%,d × %s %s pinning %s of native memory, held by %s (heap: %s)", f.nativeBuffers,
                    f.elementClass, f.points.length == 1 && f.nativeBuffers == 1 ? "(one buffer)" : "in " + pointDesc,
                    ByteSize.format(f.nativeBytes), f.holder, heapShare);
            case SAME_CLASS -> String.format("%,d instances of %s retain %s%s", f.points.length, f.elementClass, heapShare, nat);
            case CLASS_LOADERS -> String.format("class-loader leak: %s, retaining %s", f.detail, heapShare);
        };
        if (f.kind != Finding.Kind.CLASS_LOADERS && !f.detail.isEmpty()) text += "; " + f.detail;
        return text;
    }

    private static String containerNote(Finding f, Map<Finding, Integer> rankOf) {
        if (!f.isContainer()) return "";
        StringBuilder b = new StringBuilder();
        for (Finding n : f.nested) {
            Integer r = rankOf.get(n);
            if (r == null) continue;
            if (b.length() > 0) b.append(", ");
            b.append('#').append(r).append(' ').append(n.holder);
            if (b.length() > 200) {
                b.append(", ...");
                break;
            }
        }
        return String.format("; %s of it is held by more specific suspects (%s)", ByteSize.format(f.nestedBytes), b);
    }

    private static String joined(String a, String b) {
        return a.isEmpty() ? b : a + "; " + b;
    }

    private static String pointClass(String desc) {
        int at = desc.indexOf('@');
        return at < 0 ? desc : desc.substring(0, at);
    }
}

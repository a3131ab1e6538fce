package io.heapsight.analysis.query;

import io.heapsight.analysis.GcRootPaths;
import io.heapsight.analysis.result.Column;
import io.heapsight.analysis.result.Result;
import io.heapsight.analysis.result.Tree;
import io.heapsight.heap.HeapSnapshot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Eclipse MAT's "merge shortest paths to GC roots": the shortest paths of all instances of a class, merged into one
 * tree from the GC roots down, each node counting how many of the instances are reached through it. Shows which
 * fields hold most of them. Arguments: class (id or name), under (an object of the tree: its children only),
 * depth (levels expanded, default 4), width (children per node, default 25).
 *
 * <p>The union of the paths is built once per class without recursion: each instance walks up its BFS parents until
 * it meets a node already seen, so the work is the size of the union, not instances × depth (a million-deep chain of
 * one class costs one walk); counts are then summed from the deepest nodes up.
 */
public final class MergedPathsQuery implements HeapQuery {
    @Override
    public String name() { return "merged-paths"; }

    @Override
    public String description() { return "shortest paths from GC roots of all instances of a class, merged, with counts per branch"; }

    /** The merged paths of one class: union nodes sorted by (parent, count desc), with their counts. */
    record Union(int[] nodes, int[] parents, int[] counts, int instances, int withoutPath) {
        /** The range [from, to) of nodes whose parent is p (-1: the roots). */
        int[] childrenRange(int p) {
            int lo = 0, hi = nodes.length;
            while (lo < hi) { int m = (lo + hi) >>> 1; if (parents[m] < p) lo = m + 1; else hi = m; }
            int from = lo;
            hi = nodes.length;
            while (lo < hi) { int m = (lo + hi) >>> 1; if (parents[m] <= p) lo = m + 1; else hi = m; }
            return new int[]{from, lo};
        }

        int indexOf(int node, int parent) {
            int[] r = childrenRange(parent);
            for (int i = r[0]; i < r[1]; i++) if (nodes[i] == node) return i;
            return -1;
        }
    }

    static final class Unions {
        final ConcurrentHashMap<Integer, Union> byClass = new ConcurrentHashMap<>();
    }

    @Override
    public Result run(AnalysisContext ctx, QueryArgs args) {
        HeapSnapshot heap = ctx.heap();
        GcRootPaths paths = ctx.paths();
        int classIndex = ClassLookup.find(ctx, args.required("class"));
        int depth = (int) args.integer("depth", 4, 1, 64);
        int width = (int) args.integer("width", 25, 1, 1000);
        Union u = ctx.shared(Unions.class, c -> new Unions()).byClass.computeIfAbsent(classIndex,
                k -> union(ctx, InstancesQuery.instances(ctx).instances(k)));
        int start = -1;
        String under = args.string("under", null);
        if (under != null) {
            start = ctx.objectIndex(args.objectId("under"));
            if (u.indexOf(start, paths.parentOf(start) < 0 ? -1 : paths.parentOf(start)) < 0) {
                throw QueryException.notFound(ctx.ref(start).display() + " is not on a shortest path of an instance of " + heap.heapClass(classIndex).name());
            }
        }
        int[] range = u.childrenRange(start);
        List<Tree.Node> roots = new ArrayList<>();
        for (int i = range[0]; i < range[1] && roots.size() < width; i++) roots.add(node(ctx, u, i, depth - 1, width));
        String title = "Merged paths from GC roots of " + u.instances() + " × " + heap.heapClass(classIndex).name()
                + (u.withoutPath() > 0 ? " (" + u.withoutPath() + " without a strong path)" : "");
        return new Tree(title, List.of(Columns.OBJECT_ID, Columns.CLASS_NAME, Columns.FIELD,
                Column.count("instances", "instances reached"), Columns.RETAINED, Column.text("root", "GC root")),
                roots, range[1] - range[0]);
    }

    /** One tree node and its children down to {@code depth} more levels, with explicit stacks (no recursion on depth). */
    private static Tree.Node node(AnalysisContext ctx, Union u, int index, int depth, int width) {
        // build bottom-up: collect the indexes to expand breadth-first, then assemble from the last level
        List<int[]> levels = new ArrayList<>();
        levels.add(new int[]{index});
        for (int d = 0; d < depth; d++) {
            int[] prev = levels.get(levels.size() - 1);
            int[] next = new int[0];
            int n = 0;
            for (int i : prev) {
                int[] r = u.childrenRange(u.nodes()[i]);
                for (int k = r[0]; k < r[1] && k - r[0] < width; k++) {
                    if (n == next.length) next = Arrays.copyOf(next, Math.max(16, n * 2));
                    next[n++] = k;
                }
            }
            if (n == 0) break;
            levels.add(Arrays.copyOf(next, n));
        }
        java.util.Map<Integer, Tree.Node> built = new java.util.HashMap<>();
        for (int l = levels.size() - 1; l >= 0; l--) {
            for (int i : levels.get(l)) {
                int[] r = u.childrenRange(u.nodes()[i]);
                List<Tree.Node> children = new ArrayList<>();
                for (int k = r[0]; k < r[1]; k++) {
                    Tree.Node c = built.remove(k);
                    if (c != null) children.add(c);
                }
                built.put(i, new Tree.Node(cells(ctx, u, i), children, r[1] - r[0]));
            }
        }
        return built.get(index);
    }

    private static List<Object> cells(AnalysisContext ctx, Union u, int i) {
        HeapSnapshot heap = ctx.heap();
        int v = u.nodes()[i], p = u.parents()[i];
        String field = p < 0 ? null : heap.reader().referenceName(p, v);
        String root = p < 0 ? ctx.paths().describeRoot(v) : null;
        return Arrays.asList(ctx.ref(v), heap.classOfObject(v).name(), field, (long) u.counts()[i],
                ctx.dominators().retainedSize(v), root);
    }

    static Union union(AnalysisContext ctx, int[] instances) {
        GcRootPaths paths = ctx.paths();
        int n = ctx.heap().objectCount();
        int[] depth = new int[n];
        Arrays.fill(depth, -1);
        int[] count = new int[n];
        int[] members = new int[16];
        int size = 0, withoutPath = 0;
        int[] stack = new int[64];
        for (int inst : instances) {
            if (!paths.hasPath(inst)) {
                withoutPath++;
                continue;
            }
            count[inst]++;
            int v = inst, sp = 0, base;
            while (true) {
                if (depth[v] >= 0) { base = depth[v]; break; }
                if (sp == stack.length) stack = Arrays.copyOf(stack, sp * 2);
                stack[sp++] = v;
                int p = paths.parentOf(v);
                if (p < 0) { base = -1; break; }
                v = p;
            }
            for (int k = sp - 1, d = base + 1; k >= 0; k--, d++) {
                depth[stack[k]] = d;
                if (size == members.length) members = Arrays.copyOf(members, size * 2);
                members[size++] = stack[k];
            }
        }
        int[] nodes = Arrays.copyOf(members, size);
        // sum counts from the deepest nodes up
        IntOrder.sortDescending(nodes, v -> depth[v]);
        for (int v : nodes) {
            int p = paths.parentOf(v);
            if (p >= 0) count[p] += count[v];
        }
        // order by parent ascending (roots, parent -1, first), then count descending
        IntOrder.sortDescending(nodes, v -> -(((long) (paths.parentOf(v) + 1) << 32) | (0x7fffffffL - count[v])));
        int[] parents = new int[size], counts = new int[size];
        for (int i = 0; i < size; i++) {
            int p = paths.parentOf(nodes[i]);
            parents[i] = p < 0 ? -1 : p;
            counts[i] = count[nodes[i]];
        }
        return new Union(nodes, parents, counts, instances.length - withoutPath, withoutPath);
    }
}

package io.heapsight.analysis.query;

import io.heapsight.analysis.DominatorTree;
import io.heapsight.analysis.result.Column;
import io.heapsight.analysis.result.Result;
import io.heapsight.analysis.result.Tree;
import io.heapsight.heap.GcRootKind;
import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.ThreadInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every thread of the dump with its stack and the objects each frame holds (its local variables, as the dump's
 * Java-frame roots name them), largest first. A thread's "retained" is its Thread object's retained size plus what its
 * locals alone keep alive (locals whose immediate dominator is a GC root), as MAT counts a thread's stack.
 */
public final class ThreadsQuery implements HeapQuery {
    @Override
    public String name() { return "threads"; }

    @Override
    public String description() { return "threads with their stacks, the local variables of each frame, and retained size per thread"; }

    @Override
    public Result run(AnalysisContext ctx, QueryArgs args) {
        HeapSnapshot heap = ctx.heap();
        DominatorTree dom = ctx.dominators();
        // locals per thread serial, per frame index (-1: no frame recorded)
        Map<Integer, TreeMap<Integer, List<Integer>>> locals = new java.util.HashMap<>();
        for (int r = 0; r < heap.rootCount(); r++) {
            GcRootKind kind = heap.rootKind(r);
            if (kind != GcRootKind.JAVA_FRAME && kind != GcRootKind.JNI_LOCAL && kind != GcRootKind.NATIVE_STACK
                    && kind != GcRootKind.THREAD_BLOCK) continue;
            int t = heap.rootThread(r);
            if (t < 0) continue;
            locals.computeIfAbsent(t, k -> new TreeMap<>()).computeIfAbsent(heap.rootFrame(r), k -> new ArrayList<>()).add(heap.rootObject(r));
        }
        List<Tree.Node> threads = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        for (ThreadInfo t : heap.threads().values()) {
            TreeMap<Integer, List<Integer>> byFrame = locals.getOrDefault(t.serial(), new TreeMap<>());
            java.util.Set<Integer> own = new java.util.HashSet<>();
            long retained = t.objectIndex() >= 0 ? dom.retainedSize(t.objectIndex()) : 0;
            List<Tree.Node> frames = new ArrayList<>();
            for (int f = 0; f < t.frames().size(); f++) {
                frames.add(frame(ctx, "at " + t.frames().get(f), byFrame.getOrDefault(f, List.of()), own));
            }
            for (var e : byFrame.entrySet()) {
                if (e.getKey() < 0 || e.getKey() >= t.frames().size()) frames.add(frame(ctx, "(no frame recorded)", e.getValue(), own));
            }
            for (int o : own) if (dom.isReachable(o) && dom.idom(o) == DominatorTree.ROOT && o != t.objectIndex()) retained += dom.retainedSize(o);
            String name = threadName(ctx, t);
            threads.add(new Tree.Node(Arrays.asList(t.objectIndex() >= 0 ? ctx.ref(t.objectIndex()) : null,
                    t.objectIndex() >= 0 ? heap.classOfObject(t.objectIndex()).name() : null, name, retained), frames, frames.size()));
            sizes.add(retained);
        }
        Integer[] order = new Integer[threads.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingLong((Integer i) -> sizes.get(i)).reversed());
        List<Tree.Node> sorted = new ArrayList<>();
        for (int i : order) sorted.add(threads.get(i));
        return new Tree("Threads", List.of(Columns.OBJECT_ID, Columns.CLASS_NAME, Column.text("name", "thread / frame / local"),
                Columns.RETAINED), sorted, sorted.size());
    }

    private static Tree.Node frame(AnalysisContext ctx, String text, List<Integer> objs, java.util.Set<Integer> own) {
        HeapSnapshot heap = ctx.heap();
        List<Tree.Node> localNodes = new ArrayList<>();
        for (int o : objs) {
            own.add(o);
            localNodes.add(Tree.Node.leaf(Arrays.asList(ctx.ref(o), heap.classOfObject(o).name(), "local", ctx.dominators().retainedSize(o))));
        }
        return new Tree.Node(Arrays.asList(null, null, text, null), localNodes, localNodes.size());
    }

    static String threadName(AnalysisContext ctx, ThreadInfo t) {
        if (t.objectIndex() >= 0) {
            int name = ctx.heap().reader().fieldObject(t.objectIndex(), "name");
            if (name >= 0) {
                String s = ctx.heap().reader().readString(name, 200);
                if (s != null) return "\"" + s + "\"";
            }
        }
        return "thread #" + t.serial();
    }
}

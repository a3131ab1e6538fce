package io.heapsight.analysis.query;

import io.heapsight.analysis.AnalysisOptions;
import io.heapsight.analysis.DominatorTree;
import io.heapsight.analysis.GcRootPaths;
import io.heapsight.analysis.PathStep;
import io.heapsight.analysis.result.ObjectRef;
import io.heapsight.analysis.result.Path;
import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.Progress;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What every query needs, built once per dump and shared: the model, its dominator tree, the shortest paths from GC
 * roots, the options and a progress sink. Structures that several queries derive from the model (the reverse edges for
 * referrers, the instances of each class, the histogram) are built on first use by {@link #shared} and kept here, so
 * a server answering many queries over one dump builds each once.
 */
public final class AnalysisContext {
    private final HeapSnapshot heap;
    private final DominatorTree dominators;
    private final GcRootPaths paths;
    private final AnalysisOptions options;
    private final java.nio.file.Path source;
    private final Progress progress;
    private final ConcurrentHashMap<Class<?>, Object> shared = new ConcurrentHashMap<>();
    /** Shared structures already being built on another thread (see {@link #sharedLater}). */
    private final ConcurrentHashMap<Class<?>, java.util.concurrent.CompletableFuture<?>> pending = new ConcurrentHashMap<>();

    public AnalysisContext(HeapSnapshot heap, DominatorTree dominators, GcRootPaths paths, AnalysisOptions options,
                           java.nio.file.Path source, Progress progress) {
        this.heap = heap;
        this.dominators = dominators;
        this.paths = paths;
        this.options = options;
        this.source = source;
        this.progress = progress;
    }

    public HeapSnapshot heap() { return heap; }
    public DominatorTree dominators() { return dominators; }
    public GcRootPaths paths() { return paths; }
    public AnalysisOptions options() { return options; }
    public java.nio.file.Path source() { return source; }
    public Progress progress() { return progress; }

    /**
     * A structure derived once from this dump and shared by the queries, keyed by its type (built under the map's lock
     * for that key, so concurrent first uses build it once).
     */
    public <T> T shared(Class<T> type, Function<AnalysisContext, T> build) {
        return type.cast(shared.computeIfAbsent(type, t -> {
            java.util.concurrent.CompletableFuture<?> later = pending.remove(t);
            return later != null ? await(later) : build.apply(this);
        }));
    }

    /**
     * A shared structure that another thread is building (the report starts those that need no GC-root paths while
     * the paths are found); the first {@link #shared} of that type waits for it instead of building it again.
     */
    public <T> void sharedLater(Class<T> type, java.util.concurrent.CompletableFuture<T> value) {
        pending.put(type, value);
    }

    /** The value, or the builder's own exception (as {@link #shared} would have thrown it). */
    private static Object await(java.util.concurrent.CompletableFuture<?> later) {
        try {
            return later.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    /** The model index of an HPROF id, or a {@link QueryException} (404) naming the id. */
    public int objectIndex(long id) {
        int i = heap.indexOfId(id);
        if (i < 0) throw QueryException.notFound("no object with id " + ObjectRef.object(id, "").hexId() + " in this dump");
        return i;
    }

    /** The reference to a model object as results carry it. */
    public ObjectRef ref(int obj) {
        if (heap.isClassObject(obj)) {
            return ObjectRef.ofClass(heap.objectId(obj), heap.heapClass(heap.classIndexOfClassObject(obj)).name());
        }
        return ObjectRef.object(heap.objectId(obj), heap.classOfObject(obj).name());
    }

    /** The shortest path from a GC root to an object under the context's paths; {@link Path#none()} if none. */
    public Path pathTo(int obj) {
        return path(paths.path(obj));
    }

    /** A path of {@link GcRootPaths#path} steps as results carry it: root kind and description, then ids. */
    public Path path(List<PathStep> steps) {
        if (steps.isEmpty()) return Path.none();
        PathStep root = steps.get(0);
        List<Path.Step> out = new ArrayList<>(steps.size());
        out.add(new Path.Step(null, ref(root.objectIndex())));
        for (int i = 1; i < steps.size(); i++) out.add(new Path.Step(steps.get(i).via(), ref(steps.get(i).objectIndex())));
        return new Path(paths.rootKindOf(root.objectIndex()).label(), root.via(), out);
    }
}

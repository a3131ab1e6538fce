package io.heapsight.analysis.query;

import io.heapsight.analysis.AnalysisOptions;
import io.heapsight.analysis.DominatorTree;
import io.heapsight.analysis.GcRootPaths;
import io.heapsight.analysis.result.ObjectRef;
import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.Progress;

/**
 * What every query needs, built once per dump and shared: the model, its dominator tree, the shortest paths from GC
 * roots, the options and a progress sink. Queries must not keep per-call state here; derived structures that several
 * queries share (e.g. the reverse edges for referrers) are computed lazily by whoever owns the context.
 */
public record AnalysisContext(HeapSnapshot heap, DominatorTree dominators, GcRootPaths paths, AnalysisOptions options,
                              java.nio.file.Path source, Progress progress) {

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
}

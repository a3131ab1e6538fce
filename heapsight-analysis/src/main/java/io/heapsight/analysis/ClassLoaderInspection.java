package io.heapsight.analysis;

import io.heapsight.heap.HeapClass;
import io.heapsight.heap.HeapSnapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Class loaders: how many classes each defines and what it retains, classes defined more than once by different
 * loaders (the signature of redeploy leaks), and for loaders whose classes are duplicated, what pins them.
 */
public final class ClassLoaderInspection {

    /** @param retainedBytes what the loader retains with the classes it defined (and their static data) */
    public record Loader(String loader, int objectIndex, int classes, long retainedBytes, List<PathStep> pinnedBy) {}

    public record DuplicateClass(String className, int loaders) {}

    public record Result(List<Loader> loaders, List<DuplicateClass> duplicateClasses, int duplicatedClassCount) {}

    private ClassLoaderInspection() {}

    public static Result inspect(HeapSnapshot heap, DominatorTree dom, GcRootPaths paths, int top) {
        Map<Long, List<HeapClass>> byLoader = new HashMap<>();
        // a set of loaders only for the names that two loaders define, not one per class (tens of thousands of them)
        Map<String, Long> firstLoaderOf = new HashMap<>();
        Map<String, Set<Long>> loadersOfName = new HashMap<>();
        for (int c = 0; c < heap.classCount(); c++) {
            HeapClass k = heap.heapClass(c);
            if (k.objectIndex() < 0) continue;
            byLoader.computeIfAbsent(k.loaderId(), x -> new ArrayList<>()).add(k);
            Long first = firstLoaderOf.putIfAbsent(k.name(), k.loaderId());
            if (first != null && first != k.loaderId()) {
                loadersOfName.computeIfAbsent(k.name(), x -> new LinkedHashSet<>(List.of(first))).add(k.loaderId());
            }
        }
        List<DuplicateClass> dups = new ArrayList<>();
        Set<Long> loadersWithDuplicates = new java.util.HashSet<>();
        for (var e : loadersOfName.entrySet()) {
            if (e.getValue().size() > 1) {
                dups.add(new DuplicateClass(e.getKey(), e.getValue().size()));
                loadersWithDuplicates.addAll(e.getValue());
            }
        }
        dups.sort(Comparator.comparingInt(DuplicateClass::loaders).reversed().thenComparing(DuplicateClass::className));
        List<Loader> loaders = new ArrayList<>();
        for (var e : byLoader.entrySet()) {
            long id = e.getKey();
            if (id == 0) {
                loaders.add(new Loader("<bootstrap>", -1, e.getValue().size(), 0, List.of()));
                continue;
            }
            int obj = heap.indexOfId(id);
            if (obj < 0) continue;
            List<PathStep> pinned = loadersWithDuplicates.contains(id) ? paths.path(obj) : List.of();
            // a loader's classes are often kept by another path too (an instance held by the thread that pins the
            // loader): count them with it, or a leaked deployment of 4 MB shows as a 4 KB loader
            List<Integer> classObjects = e.getValue().stream().map(HeapClass::objectIndex).toList();
            long bytes = ClassLoaderLeaks.loaderBytes(heap, dom, obj, classObjects);
            loaders.add(new Loader(heap.describe(obj), obj, e.getValue().size(), bytes, pinned));
        }
        loaders.sort(Comparator.comparingLong(Loader::retainedBytes).reversed());
        int dupCount = dups.size();
        return new Result(List.copyOf(loaders.subList(0, Math.min(top, loaders.size()))),
                List.copyOf(dups.subList(0, Math.min(top, dups.size()))), dupCount);
    }
}

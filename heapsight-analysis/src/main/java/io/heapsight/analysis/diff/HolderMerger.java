package io.heapsight.analysis.diff;

import io.heapsight.analysis.DominatorTree;
import io.heapsight.analysis.Finding;
import io.heapsight.analysis.GcRootPaths;
import io.heapsight.analysis.Suspect;
import io.heapsight.analysis.SuspectRanking;
import io.heapsight.heap.HeapSnapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One observation per holder of a dump: findings that read as the same holder (the same field, e.g.
 * {@code ClassLoader.parallelLockMap} of two loaders, or maps nested in one another under
 * {@code LocaleServiceProviderPool.poolOfPools}) become one row. One nested in another of the same holder is
 * already counted in the outer one; side-by-side ones are summed like the instances of a pooled holder.
 */
final class HolderMerger {
    private HolderMerger() {}

    static List<HolderObservation> merge(HeapSnapshot heap, DominatorTree dom, GcRootPaths paths, List<Finding> findings,
                                         long reachableBytes) {
        Map<String, List<Finding>> byHolder = new LinkedHashMap<>();
        for (Finding f : findings) byHolder.computeIfAbsent(sameHolder(f), k -> new ArrayList<>()).add(f);
        Map<Finding, Finding> representative = new IdentityHashMap<>();
        Map<Finding, List<Finding>> members = new LinkedHashMap<>();
        for (List<Finding> g : byHolder.values()) {
            g.sort(Comparator.comparingLong(Finding::totalBytes).reversed());
            Finding rep = g.get(0);
            List<Finding> outer = new ArrayList<>();
            for (Finding f : g) {
                representative.put(f, rep);
                if (!insideAnotherOf(f, g)) outer.add(f);
            }
            members.put(rep, outer);
        }
        List<HolderObservation> out = new ArrayList<>();
        for (var e : members.entrySet()) {
            Finding rep = e.getKey();
            long retained = 0, nativeBytes = 0, buffers = 0, count = 0;
            int instances = 0;
            for (Finding f : e.getValue()) {
                retained += f.retainedBytes();
                nativeBytes += f.nativeBytes();
                buffers += f.nativeBuffers();
                if (f.elementClass().equals(rep.elementClass())) count += f.count();
                instances += f.instances();
            }
            Set<String> contains = new LinkedHashSet<>();
            for (Finding f : byHolder.get(sameHolder(rep))) {
                for (Finding n : f.nested()) {
                    Finding r = representative.get(n);
                    if (r != null && r != rep) contains.add(r.key());
                }
            }
            Suspect s = SuspectRanking.suspectOf(heap, paths, rep, reachableBytes);
            Suspect merged = new Suspect(0, s.holder(), s.holderPath(), s.accumulationPoint(), s.accumulationPointIndex(),
                    s.accumulationPointClass(), s.accumulatedClass(), count, retained, (double) retained / Math.max(1, reachableBytes),
                    instances, s.path(), s.description(), nativeBytes);
            out.add(new HolderObservation(merged, nativeBytes, buffers, List.copyOf(contains)));
        }
        return out;
    }

    /** The holder as a reader sees it: the same field (array slots without their index) and the same kind. */
    static String sameHolder(Finding f) {
        return f.kind() + "|" + f.holder().replaceAll("\\[\\d+]", "[]");
    }

    private static boolean insideAnotherOf(Finding f, List<Finding> group) {
        int guard = 0;
        for (Finding c = f.container(); c != null && guard < 1000; c = c.container(), guard++) {
            if (group.contains(c)) return true;
        }
        return false;
    }
}

package io.heapsight.analysis.diff;

import io.heapsight.common.ByteSize;
import io.heapsight.analysis.Suspect;
import io.heapsight.analysis.SuspectRanking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ranks the holders of a diff, the most specific first. A holder whose growth is mostly explained by holders inside
 * it (in the dump where it was seen last) is their container: it ranks by the growth they leave unexplained and never
 * above them. A class loader's class list ("N × java.lang.Class") is always a container of the fields of its classes.
 */
final class HolderSpecificity {
    private HolderSpecificity() {}

    static List<HolderDiff> rank(List<HolderDiff> holders, List<HolderObservation[]> matched, int dumps) {
        int count = holders.size();
        // per dump: holder key -> index of the matched holder present there
        List<Map<String, Integer>> byKey = new ArrayList<>();
        for (int d = 0; d < dumps; d++) {
            Map<String, Integer> m = new HashMap<>();
            for (int i = 0; i < count; i++) if (matched.get(i)[d] != null) m.put(matched.get(i)[d].pathAndClass(), i);
            byKey.add(m);
        }
        long[] effective = new long[count];
        long[] explained = new long[count];
        List<List<Integer>> nested = new ArrayList<>();
        boolean[] container = new boolean[count];
        for (int i = 0; i < count; i++) {
            HolderDiff h = holders.get(i);
            HolderObservation[] s = matched.get(i);
            int last = dumps - 1;
            while (s[last] == null) last--;
            List<Integer> inside = new ArrayList<>();
            for (String key : s[last].contains()) {
                Integer j = byKey.get(last).get(key);
                if (j != null && j != i) {
                    inside.add(j);
                    explained[i] += Math.max(0, holders.get(j).growthBytes());
                }
            }
            nested.add(inside);
            long growth = h.growthBytes();
            boolean classList = "java.lang.Class".equals(h.suspect().accumulatedClass());
            container[i] = growth > 0 && explained[i] > 0 && (classList || explained[i] >= SuspectRanking.EXPLAINED * growth);
            effective[i] = container[i] ? Math.max(0, growth - explained[i]) : Math.abs(growth);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < count; i++) order.add(i);
        order.sort(Comparator.comparingInt((Integer i) -> HeapDiff.order(holders.get(i).verdict()))
                .thenComparingInt(i -> holders.get(i).verdict() == HolderVerdict.GROWING && !container[i] ? -holders.get(i).growingSteps() : 0)
                .thenComparing(Comparator.comparingLong((Integer i) -> effective[i]).reversed())
                .thenComparing(Comparator.comparingLong((Integer i) -> holders.get(i).series().get(dumps - 1).totalBytes()).reversed()));
        for (int pass = 0; pass < count; pass++) {
            boolean moved = false;
            for (int at = 0; at < order.size() && !moved; at++) {
                int c = order.get(at);
                if (!container[c]) continue;
                int lastNested = at;
                for (int j : nested.get(c)) lastNested = Math.max(lastNested, order.indexOf(j));
                if (lastNested > at) {
                    order.remove(at);
                    order.add(lastNested, c);
                    moved = true;
                }
            }
            if (!moved) break;
        }
        int[] rankOf = new int[count];
        for (int r = 0; r < order.size(); r++) rankOf[order.get(r)] = r + 1;
        List<HolderDiff> ranked = new ArrayList<>();
        for (int i : order) {
            HolderDiff h = holders.get(i);
            int rank = rankOf[i];
            String description = h.description();
            if (container[i]) {
                StringBuilder b = new StringBuilder();
                for (int j : nested.get(i)) {
                    if (b.length() > 0) b.append(", ");
                    b.append('#').append(rankOf[j]).append(' ').append(holders.get(j).suspect().holder());
                }
                description += String.format("; %s of that growth is in more specific holders (%s)", ByteSize.format(explained[i]), b);
            }
            Suspect reranked = h.suspect().withRank(rank);
            ranked.add(new HolderDiff(rank, h.verdict(), reranked, h.nativeBytes(), h.series(), h.growthBytes(), h.growthCount(),
                    h.growingSteps(), description));
        }
        return ranked;
    }
}

package io.heapsight.analysis.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Recognises the same holder in every dump. Object ids are addresses that change, so matching is by meaning:
 * first the path signature plus element class, then the holding field plus element class (the shortest path
 * changed), then the path signature alone (another element class became the biggest). Each holder takes at
 * most one observation per dump.
 */
final class HolderMatcher {
    private HolderMatcher() {}

    /** Per holder, one observation (or null) per dump. */
    static List<HolderObservation[]> match(List<DumpSummary> dumps) {
        List<HolderObservation[]> series = new ArrayList<>();
        List<Function<HolderObservation, String>> rules = List.of(
                HolderObservation::pathAndClass, HolderObservation::holderAndClass, HolderObservation::path);
        for (int d = 0; d < dumps.size(); d++) {
            List<HolderObservation> left = new ArrayList<>(dumps.get(d).holders());
            // biggest first, so when two observations could take the same holder the bigger one does
            left.sort((a, b) -> Long.compare(b.totalBytes(), a.totalBytes()));
            for (Function<HolderObservation, String> key : rules) {
                for (var it = left.iterator(); it.hasNext(); ) {
                    HolderObservation o = it.next();
                    HolderObservation[] target = find(series, d, key, key.apply(o));
                    if (target != null) {
                        target[d] = o;
                        it.remove();
                    }
                }
            }
            for (HolderObservation o : left) {
                HolderObservation[] s = new HolderObservation[dumps.size()];
                s[d] = o;
                series.add(s);
            }
        }
        return series;
    }

    private static HolderObservation[] find(List<HolderObservation[]> series, int dump,
                                            Function<HolderObservation, String> key, String wanted) {
        for (HolderObservation[] s : series) {
            if (s[dump] != null) continue;
            HolderObservation latest = latest(s, dump);
            if (latest != null && key.apply(latest).equals(wanted)) return s;
        }
        return null;
    }

    /** The latest observation before dump index `before`. */
    static HolderObservation latest(HolderObservation[] s, int before) {
        for (int i = Math.min(before, s.length) - 1; i >= 0; i--) if (s[i] != null) return s[i];
        return null;
    }
}

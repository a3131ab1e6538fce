package io.heapsight.analysis.diff;

import io.heapsight.analysis.Suspect;
import io.heapsight.common.ByteSize;
import io.heapsight.common.LeakVerdict;
import io.heapsight.heap.Progress;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Compares two or more dumps of the same application taken over time: which classes grew, and which holders
 * (the fields that keep collections alive) grew, with a verdict per holder and overall. Opens one dump at a time.
 */
public final class HeapDiff {
    private HeapDiff() {}

    /**
     * @param dumps dumps in chronological order (at least two; the same file twice is allowed)
     * @throws DumpFailedException when a dump cannot be read at all (missing, not HPROF); truncated or corrupt dumps
     *                             are compared on what could be read and their status is in the report
     */
    public static DiffReport compare(List<Path> dumps, DiffOptions options, Progress progress) throws IOException {
        if (dumps.size() < 2) throw new IllegalArgumentException("diff needs at least two dumps, got " + dumps.size());
        long t0 = System.nanoTime();
        List<DumpSummary> summaries = new ArrayList<>();
        for (int i = 0; i < dumps.size(); i++) {
            Path dump = dumps.get(i);
            String prefix = "dump " + (i + 1) + "/" + dumps.size() + " ";
            Progress p = (phase, done, total) -> progress.update(prefix + phase, done, total);
            try {
                summaries.add(DumpSummarizer.summarize(dump, options, p));
            } catch (DumpFailedException e) {
                throw e;
            } catch (IOException e) {
                throw new DumpFailedException(dump, e);
            }
        }
        return compareSummaries(summaries, options, (System.nanoTime() - t0) / 1_000_000);
    }

    /** The comparison itself, on summaries already extracted (e.g. kept from earlier runs). */
    public static DiffReport compareSummaries(List<DumpSummary> summaries, DiffOptions options, long elapsedMillis) {
        if (summaries.size() < 2) throw new IllegalArgumentException("diff needs at least two dumps, got " + summaries.size());
        long largest = 0;
        for (DumpSummary s : summaries) largest = Math.max(largest, s.totalBytes());
        long noise = options.noiseBytes(largest);

        List<HolderDiff> holders = holders(summaries, noise, options);
        List<ClassDiff> classes = classes(summaries);
        boolean leak = holders.stream().anyMatch(h -> h.verdict() == HolderVerdict.GROWING);

        List<DiffReport.DumpEntry> entries = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < summaries.size(); i++) {
            DumpSummary s = summaries.get(i);
            entries.add(new DiffReport.DumpEntry(s.info(), s.objects(), s.reachableBytes(), s.nativeBytes(), s.holders().size()));
            if (!s.info().complete()) {
                notes.add(s.info().file() + " is " + s.info().status() + " (read " + String.format("%,d", s.info().bytesRead())
                        + " of " + String.format("%,d", s.info().sizeBytes()) + " bytes): its numbers cover only what was read");
            }
            if (i > 0) {
                long before = summaries.get(i - 1).info().timestampMillis(), after = s.info().timestampMillis();
                if (before > 0 && after > 0 && after < before) {
                    notes.add(s.info().file() + " was written before " + summaries.get(i - 1).info().file()
                            + ": give the dumps oldest first, or growth reads as shrinking");
                }
            }
        }
        return new DiffReport(entries, noise, holders, classes, leak ? LeakVerdict.LEAK : LeakVerdict.NO_LEAK,
                notes, elapsedMillis);
    }

    private static List<HolderDiff> holders(List<DumpSummary> summaries, long noise, DiffOptions options) {
        int n = summaries.size();
        List<HolderObservation[]> matched = HolderMatcher.match(summaries);
        List<HolderDiff> unranked = new ArrayList<>();
        for (HolderObservation[] s : matched) {
            List<SeriesPoint> series = new ArrayList<>();
            for (int d = 0; d < n; d++) series.add(SeriesPoint.of(summaries.get(d).info().file(), s[d]));
            int first = 0, last = n - 1;
            while (s[first] == null) first++;
            while (s[last] == null) last--;
            HolderObservation latest = HolderMatcher.latest(s, n);
            String description;
            GrowthRule.Outcome outcome;
            if (last < n - 1) {
                // not found in the last dump: below the threshold there (or gone), which is not "stable" nor a measured drop
                long threshold = threshold(summaries.get(n - 1), options);
                outcome = new GrowthRule.Outcome(HolderVerdict.DROPPED, 0, 0);
                description = String.format("%s held by %s was %s in %s, not found above the extraction threshold (%s) in %s",
                        latest.suspect().accumulationPointClass(), latest.suspect().holder(), ByteSize.format(series.get(last).totalBytes()),
                        series.get(last).dump(), ByteSize.format(threshold), series.get(n - 1).dump());
            } else {
                // before its first appearance a holder was below the threshold: 0; a gap in between is not measured
                List<Long> points = new ArrayList<>();
                for (int d = 0; d < n; d++) if (d < first || s[d] != null) points.add(series.get(d).totalBytes());
                long[] bytes = points.size() >= 2 ? points.stream().mapToLong(Long::longValue).toArray()
                        : new long[] {0, series.get(last).totalBytes()};
                outcome = GrowthRule.classify(bytes, noise);
                description = null;
            }
            long growthCount = series.get(n - 1).count() - series.get(0).count();
            if (description == null) description = describe(latest, outcome, growthCount, series, n);
            unranked.add(new HolderDiff(0, outcome.verdict(), latest.suspect(), latest.nativeBytes(), series,
                    outcome.growth(), growthCount, outcome.growingSteps(), description));
        }
        return HolderSpecificity.rank(unranked, matched, n);
    }

    /** The smallest holder extracted from that dump. */
    static long threshold(DumpSummary s, DiffOptions options) {
        return Math.max(options.holderMinBytes(), (long) (options.holderMinFraction() * Math.max(1, s.reachableBytes())));
    }

    static int order(HolderVerdict v) {
        return switch (v) {
            case GROWING -> 0;
            case FLUCTUATING -> 1;
            case PLATEAUED -> 2;
            case STABLE -> 3;
            case SHRINKING -> 4;
            case DROPPED -> 5;
        };
    }

    private static String describe(HolderObservation latest, GrowthRule.Outcome o, long growthCount, List<SeriesPoint> series, int n) {
        Suspect s = latest.suspect();
        String what = s.accumulationPointClass() + " held by " + s.holder();
        String sizes = series.stream().map(p -> p.present() ? ByteSize.format(p.totalBytes()) : "-").reduce((a, b) -> a + " → " + b).orElse("");
        String elements = String.format("%+,d × %s", growthCount, s.accumulatedClass());
        long nativeGrowth = series.get(n - 1).nativeBytes() - series.get(0).nativeBytes();
        String nat = nativeGrowth > 0 ? " (" + ByteSize.format(nativeGrowth) + " of it native memory)" : "";
        return switch (o.verdict()) {
            case GROWING -> String.format("%s grew by %s%s, %s, in %d of %d steps: %s", what, ByteSize.format(o.growth()), nat,
                    elements, o.growingSteps(), n - 1, sizes);
            case PLATEAUED -> String.format("%s grew by %s (%s) then stopped: %s", what, ByteSize.format(o.growth()), elements, sizes);
            case FLUCTUATING -> String.format("%s went up and down: %s", what, sizes);
            case STABLE -> String.format("%s stayed within noise: %s", what, sizes);
            case SHRINKING -> String.format("%s shrank by %s: %s", what, ByteSize.format(-o.growth()), sizes);
            case DROPPED -> String.format("%s fell below the extraction threshold: %s", what, sizes);
        };
    }

    private static List<ClassDiff> classes(List<DumpSummary> summaries) {
        TreeSet<String> names = new TreeSet<>();
        for (DumpSummary s : summaries) names.addAll(s.classes().keySet());
        List<ClassDiff> out = new ArrayList<>(names.size());
        for (String name : names) {
            List<ClassStats> series = new ArrayList<>(summaries.size());
            for (DumpSummary s : summaries) series.add(s.classes().getOrDefault(name, ClassStats.NONE));
            ClassStats first = series.get(0), last = series.get(series.size() - 1);
            out.add(new ClassDiff(name, series, last.count() - first.count(), last.shallowBytes() - first.shallowBytes(),
                    last.retainedBytes() - first.retainedBytes()));
        }
        out.sort(Comparator.comparingLong(ClassDiff::shallowDelta).reversed()
                .thenComparing(Comparator.comparingLong(ClassDiff::retainedDelta).reversed())
                .thenComparing(ClassDiff::className));
        return out;
    }
}

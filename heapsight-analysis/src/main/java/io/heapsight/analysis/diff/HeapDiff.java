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

        List<HolderDiff> holders = holders(summaries, noise);
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

    private static List<HolderDiff> holders(List<DumpSummary> summaries, long noise) {
        int n = summaries.size();
        List<HolderDiff> unranked = new ArrayList<>();
        for (HolderObservation[] s : HolderMatcher.match(summaries)) {
            List<SeriesPoint> series = new ArrayList<>();
            long[] bytes = new long[n];
            for (int d = 0; d < n; d++) {
                SeriesPoint p = SeriesPoint.of(summaries.get(d).info().file(), s[d]);
                series.add(p);
                bytes[d] = p.totalBytes();
            }
            GrowthRule.Outcome outcome = GrowthRule.classify(bytes, noise);
            HolderObservation latest = HolderMatcher.latest(s, n);
            long growthCount = series.get(n - 1).count() - series.get(0).count();
            String description = describe(latest, outcome, growthCount, series, n);
            unranked.add(new HolderDiff(0, outcome.verdict(), latest.suspect(), latest.nativeBytes(), series,
                    outcome.growth(), growthCount, outcome.growingSteps(), description));
        }
        unranked.sort(Comparator.comparingInt((HolderDiff h) -> order(h.verdict()))
                .thenComparing(Comparator.comparingInt((HolderDiff h) -> h.verdict() == HolderVerdict.GROWING ? -h.growingSteps() : 0))
                .thenComparing(Comparator.comparingLong((HolderDiff h) -> Math.abs(h.growthBytes())).reversed())
                .thenComparing(Comparator.comparingLong((HolderDiff h) -> h.series().get(n - 1).totalBytes()).reversed()));
        List<HolderDiff> ranked = new ArrayList<>();
        for (HolderDiff h : unranked) {
            int rank = ranked.size() + 1;
            Suspect s = h.suspect();
            Suspect reranked = new Suspect(rank, s.holder(), s.holderPath(), s.accumulationPoint(), s.accumulationPointIndex(),
                    s.accumulationPointClass(), s.accumulatedClass(), s.count(), s.retainedBytes(), s.heapFraction(), s.instances(),
                    s.path(), s.description());
            ranked.add(new HolderDiff(rank, h.verdict(), reranked, h.nativeBytes(), h.series(), h.growthBytes(), h.growthCount(),
                    h.growingSteps(), h.description()));
        }
        return ranked;
    }

    private static int order(HolderVerdict v) {
        return switch (v) {
            case GROWING -> 0;
            case FLUCTUATING -> 1;
            case PLATEAUED -> 2;
            case STABLE -> 3;
            case SHRINKING -> 4;
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

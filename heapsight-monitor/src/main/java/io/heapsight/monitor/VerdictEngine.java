package io.heapsight.monitor;

import io.heapsight.common.Collector;
import io.heapsight.common.LeakVerdict;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Turns samples and GC events into a {@link Verdict}.
 *
 * <p>The signal is the old generation's occupancy right after each GC, past warm-up. When enough collections
 * reclaimed old-generation space (mixed, full, major), only those are used: after a young GC the old generation
 * still holds promoted garbage, after an old collection it is close to the live set. A leak is a slope whose 95%
 * interval excludes zero, fast enough to fill the max heap within a week, and not levelling off in the recent half
 * (a cache filling up to its bound). Native growth is RSS outside the heap rising while the live set is flat: RSS
 * less the heap's resident pages where the monitor can count them, else less the committed heap.
 */
public final class VerdictEngine {
    /** Fewer after-GC points than this past warm-up: inconclusive. */
    public static final int MIN_POINTS = 6;
    /** A shorter after-GC window than this: inconclusive. */
    public static final double MIN_SPAN_SECONDS = 10;
    static final double MIN_SLOPE_FLOOR = 64 * 1024;            // bytes/min
    static final double WEEK_MINUTES = 7 * 24 * 60;
    static final double NATIVE_MIN_SLOPE = 1024 * 1024;         // bytes/min
    static final double NATIVE_MIN_GROWTH = 8 * 1024 * 1024;    // bytes over the window
    static final double MIB = 1024 * 1024;

    private VerdictEngine() {}

    /** The warm-up used when none is given: a quarter of what was observed, at most a minute. */
    public static double autoWarmupSeconds(double elapsedSeconds) {
        return Math.min(60, elapsedSeconds * 0.25);
    }

    public static Verdict evaluate(List<Sample> samples, List<GcEvent> events, long containerLimit, Duration warmup) {
        if (samples.size() < 2) return Verdict.inconclusive(samples.size(), events.size(), "not enough samples yet");
        Sample first = samples.get(0);
        Sample last = samples.get(samples.size() - 1);
        double elapsed = (last.uptimeMillis() - first.uptimeMillis()) / 1000.0;
        double warm = warmup != null ? warmup.toMillis() / 1000.0 : autoWarmupSeconds(elapsed);
        long from = first.uptimeMillis() + (long) (warm * 1000);
        long maxHeap = last.heapMax();

        Selection selection = select(samples, events, from);
        List<GcEvent> major = selection.major();
        double windowSeconds = (last.uptimeMillis() - from) / 1000.0;
        List<GcEvent> points = selection.points();
        boolean confirmed = selection.confirmed();
        String basis = confirmed ? "old-generation collections" : "GCs";
        Trend floor = null;
        if (!confirmed && major.size() >= 2 && spanSeconds(major) >= 0.4 * windowSeconds) {
            // too few to fit on their own, but enough to see whether the floor under the sawtooth moves
            floor = eventTrend(major);
        }

        List<Sample> warmSamples = samples.stream().filter(s -> s.uptimeMillis() >= from).toList();
        Trend heapUsed = seriesTrend(warmSamples, Sample::heapUsed);
        Trend rss = seriesTrend(warmSamples, Sample::rssBytes);
        // outside the heap = RSS less the heap's resident pages when every sample has them; the committed heap is the
        // fallback, and it counts pages the collector has not touched yet, hence the guards passed to nativeGrowth
        boolean residentKnown = heapResidentKnown(warmSamples);
        List<double[]> outsideHeap = seriesPoints(warmSamples, s -> s.outsideHeapBytes(residentKnown));
        Trend nonHeapRss = trendOf(outsideHeap);
        Trend direct = seriesTrend(warmSamples, Sample::directBufferBytes);
        double rssSlope = perMinute(rss);
        double nativeSlope = perMinute(nonHeapRss);
        double directSlope = perMinute(direct);
        double heapUsedSlope = perMinute(heapUsed);
        NativeGrowth rise = nativeGrowth(nonHeapRss, direct, residentKnown,
                !residentKnown && (lazilyTouchedHeap(last) || heapNotYetResident(last) || heapResized(warmSamples)));
        // a JVM's own native memory rises in steps while it warms up (compiled code, GC worker threads and their
        // stacks, malloc arenas) and then stops; a leak goes on rising through the whole window
        boolean sustained = rise != null && sustainedGrowth(outsideHeap, nonHeapRss);
        NativeGrowth nativeGrowth = sustained ? rise : null;
        String nativeLevelled = rise != null && !sustained ? String.format("; memory outside the heap rose %.1f MB"
                + " in steps that stopped (the JVM's own warm-up: compiled code, GC threads), not a native leak",
                range(outsideHeap) / MIB) : "";

        if (points.size() < MIN_POINTS || spanSeconds(points) < MIN_SPAN_SECONDS) {
            if (nativeGrowth != null && heapFlat(heapUsed, maxHeap)) {
                return new Verdict(LeakVerdict.NATIVE_GROWTH, Double.NaN, Double.NaN, Double.NaN, nativeGrowth.confidence,
                        samples.size(), events.size(), points.size(), last.heapAfterLastGc(), maxHeap, Double.NaN, -1,
                        containerLimit, eta(containerLimit, last.rssBytes(), rssSlope), heapUsedSlope, rssSlope, nativeSlope,
                        directSlope, warm, nativeGrowth.reason + " (few GCs, heap used flat)");
            }
            return new Verdict(LeakVerdict.INCONCLUSIVE, Double.NaN, Double.NaN, Double.NaN, 0, samples.size(),
                    events.size(), points.size(), last.heapAfterLastGc(), maxHeap, Double.NaN, -1, containerLimit, -1,
                    heapUsedSlope, rssSlope, nativeSlope, directSlope, warm,
                    "not enough evidence yet: " + points.size() + " GCs over " + Math.round(spanSeconds(points))
                            + " s past a " + Math.round(warm) + " s warm-up; need at least " + MIN_POINTS + " GCs spanning "
                            + Math.round(MIN_SPAN_SECONDS)
                            + " s (let it run longer or add load)");
        }

        Trend live = eventTrend(points);
        double slope = live.slope() * 60_000;            // x is milliseconds
        double low = live.slopeLow() * 60_000;
        double high = live.slopeHigh() * 60_000;
        double minSlope = Math.max(MIN_SLOPE_FLOOR, maxHeap > 0 ? maxHeap / WEEK_MINUTES : 0);
        long liveNow = Math.round(live.at(points.get(points.size() - 1).endUptimeMillis()));
        double spanMin = live.span() / 60_000;
        double evidence = Math.min(1.0, points.size() / 10.0);
        double pctOfMax = maxHeap > 0 ? slope * 100.0 / maxHeap : Double.NaN;

        boolean significant = low > 0 && slope >= minSlope && live.probabilityRising() >= 0.95;
        boolean rising = significant && slope * spanMin >= MIB;
        String plateau = rising ? plateau(points, slope) : null;
        String unconfirmed = null;
        if (significant && !confirmed) {
            // after young GCs the old generation also holds promoted garbage: only an old collection tells it from a leak
            if (floor != null && floor.slope() * 60_000 < Math.max(minSlope, 0.25 * slope)) {
                plateau = String.format("old gen rises %.2f MB/min between old-generation collections but each of the %d"
                        + " collections brings it back to the same floor (%.2f MB/min): promoted garbage, not a leak",
                        slope / MIB, major.size(), floor.slope() * 60_000 / MIB);
            } else if (floor == null && maxHeap > 0 && slope * spanMin < 0.02 * maxHeap) {
                unconfirmed = String.format("old gen grows %.2f MB/min after young GCs, but no old-generation collection"
                        + " happened past warm-up to tell promoted garbage from a leak; keep watching", slope / MIB);
            }
        }
        LeakVerdict kind;
        double confidence;
        String reason;
        if (unconfirmed != null) {
            kind = LeakVerdict.INCONCLUSIVE;
            confidence = 0.5 * live.probabilityRising() * evidence;
            reason = unconfirmed;
        } else if (rising && plateau == null) {
            kind = LeakVerdict.LEAK;
            confidence = live.probabilityRising() * evidence;
            reason = String.format("live set after GC grows %.2f MB/min (95%% CI %.2f..%.2f) over %d %s past warm-up",
                    slope / MIB, low / MIB, high / MIB, points.size(), basis);
            if (!confirmed) reason += " (no old-generation collection yet, but too fast to be promoted garbage)";
        } else {
            double pBelow = probabilityBelow(points, minSlope / 60_000);
            if (nativeGrowth != null) {
                kind = LeakVerdict.NATIVE_GROWTH;
                confidence = nativeGrowth.confidence;
                reason = nativeGrowth.reason + String.format("; the live set after GC shows no significant growth (%.2f MB/min, 95%% CI %.2f..%.2f)", slope / MIB, low / MIB, high / MIB);
            } else if (plateau != null) {
                kind = LeakVerdict.NO_LEAK;
                confidence = pBelowRecent(points, minSlope) * evidence;
                reason = plateau;
            } else if (pBelow >= 0.5) {
                // flat only when the slope is more likely below the noise floor than above it: a wide interval around
                // a steep estimate (few GCs on a busy machine) is not evidence of "no leak"
                kind = LeakVerdict.NO_LEAK;
                confidence = pBelow * evidence;
                reason = String.format("live set after GC is flat (%.2f MB/min, 95%% CI %.2f..%.2f) over %d %s", slope / MIB,
                        low / MIB, high / MIB, points.size(), basis) + nativeLevelled;
                if (heapUsedSlope > Math.max(minSlope, 4 * Math.abs(slope)) && heapUsed.probabilityRising() >= 0.95) {
                    reason += String.format("; heap used climbs %.2f MB/min but that is garbage between GCs"
                            + " (heap sizing or allocation churn), not a leak", heapUsedSlope / MIB);
                }
            } else {
                kind = LeakVerdict.INCONCLUSIVE;
                confidence = 1 - pBelow;
                reason = String.format("live set after GC may be rising (%.2f MB/min, 95%% CI %.2f..%.2f) but the trend"
                        + " is not clear yet; keep watching", slope / MIB, low / MIB, high / MIB);
            }
        }
        double etaHeap = kind == LeakVerdict.LEAK ? eta(maxHeap, liveNow, slope) : -1;
        double containerSlope = Math.max(rssSlope, kind == LeakVerdict.LEAK ? slope : 0);
        double etaContainer = kind == LeakVerdict.LEAK || kind == LeakVerdict.NATIVE_GROWTH
                ? eta(containerLimit, last.rssBytes(), containerSlope) : -1;
        return new Verdict(kind, slope, low, high, clamp(confidence), samples.size(), events.size(), points.size(), liveNow,
                maxHeap, pctOfMax, etaHeap, containerLimit, etaContainer, heapUsedSlope, rssSlope, nativeSlope, directSlope,
                warm, reason);
    }

    /**
     * The after-GC points past warm-up: old-generation collections only when there are enough of them spanning enough
     * of the window (after a young GC the old generation still holds promoted garbage), else every GC.
     */
    private record Selection(List<GcEvent> points, List<GcEvent> major, boolean confirmed) {}

    private static Selection select(List<Sample> samples, List<GcEvent> events, long from) {
        List<GcEvent> after = new ArrayList<>();
        for (GcEvent e : liveSetView(events, samples)) {
            if (e.endUptimeMillis() >= from && e.oldAfter() >= 0) after.add(e);
        }
        List<GcEvent> major = after.stream().filter(GcEvent::collectedOldGen).toList();
        double windowSeconds = (samples.get(samples.size() - 1).uptimeMillis() - from) / 1000.0;
        boolean confirmed = major.size() >= MIN_POINTS && spanSeconds(major) >= 0.4 * windowSeconds;
        return new Selection(confirmed ? major : after, major, confirmed);
    }

    /**
     * The points a verdict with this warm-up fitted its trend to (the same selection as {@link #evaluate}); for a
     * picture of the verdict. Empty with fewer than two samples.
     */
    public static List<GcEvent> trendPoints(List<Sample> samples, List<GcEvent> events, double warmupSeconds) {
        if (samples.size() < 2) return List.of();
        return select(samples, events, samples.get(0).uptimeMillis() + (long) (warmupSeconds * 1000)).points();
    }

    /**
     * The events as live-set points: old gen after GC, except on generational ZGC, where leaked objects can stay in
     * the young generation for many cycles (its old gen rises in steps at promotions): there the whole heap after
     * each cycle, less what was allocated during the concurrent cycle (allocation rate x cycle time), is the signal,
     * and a major cycle that shrank the heap is the "old collection".
     */
    public static List<GcEvent> liveSetView(List<GcEvent> events, List<Sample> samples) {
        Sample last = samples.get(samples.size() - 1);
        String pool = last.oldPoolName() == null ? "" : last.oldPoolName();
        if (!pool.startsWith("ZGC")) return events;
        List<GcEvent> view = new ArrayList<>(events.size());
        int s = 0;
        for (GcEvent e : events) {
            if (e.heapAfter() < 0) continue;
            // a concurrent cycle's "after" includes what the application allocated while it ran: take that out
            while (s < samples.size() - 1 && samples.get(s).uptimeMillis() < e.endUptimeMillis()) s++;
            double rate = samples.get(s).allocationRate();
            long during = Double.isNaN(rate) || rate <= 0 ? 0 : (long) (rate * e.durationMillis() / 1000.0);
            long live = Math.max(e.heapAfter() - during, Math.max(0, e.oldAfter()));
            boolean major = Collector.of(e.collector()).collectsOld() && e.heapBefore() > e.heapAfter();
            view.add(new GcEvent(e.endUptimeMillis(), e.collector(), e.action(), e.cause(), e.durationMillis(),
                    major ? Math.max(e.heapBefore(), live + 1) : live, live, e.heapBefore(), e.heapAfter()));
        }
        return view;
    }

    /** Non-null reason when the live set rose overall but is flat over the recent half (a bounded cache filling). */
    private static String plateau(List<GcEvent> points, double overallSlope) {
        long mid = (points.get(0).endUptimeMillis() + points.get(points.size() - 1).endUptimeMillis()) / 2;
        List<GcEvent> recent = points.stream().filter(e -> e.endUptimeMillis() >= mid).toList();
        if (recent.size() < MIN_POINTS / 2 + 1) return null;
        Trend t = eventTrend(recent);
        double recentSlope = t.slope() * 60_000;
        if (t.slopeLow() <= 0 && recentSlope < 0.25 * overallSlope) {
            return String.format("live set after GC grew (%.2f MB/min overall) but levelled off in the recent half"
                    + " (%.2f MB/min): a cache or pool filling to its bound, not a leak", overallSlope / MIB, recentSlope / MIB);
        }
        return null;
    }

    private static double pBelowRecent(List<GcEvent> points, double minSlopePerMin) {
        long mid = (points.get(0).endUptimeMillis() + points.get(points.size() - 1).endUptimeMillis()) / 2;
        return probabilityBelow(points.stream().filter(e -> e.endUptimeMillis() >= mid).toList(), minSlopePerMin / 60_000);
    }

    /** Mann–Kendall on y - threshold*x: probability that the true slope is below the threshold. */
    private static double probabilityBelow(List<GcEvent> points, double thresholdPerMilli) {
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i).endUptimeMillis();
            y[i] = points.get(i).oldAfter() - thresholdPerMilli * x[i];
        }
        return 1 - Trend.of(x, y).probabilityRising();
    }

    private record NativeGrowth(double confidence, String reason) {}

    /**
     * ZGC and Shenandoah spread allocations over the whole committed heap, whose pages become resident only when
     * first touched: RSS then climbs with a flat committed heap and no native allocation at all.
     */
    static boolean lazilyTouchedHeap(Sample s) {
        String pool = s.oldPoolName() == null ? "" : s.oldPoolName();
        return pool.startsWith("ZGC") || pool.startsWith("ZHeap") || pool.startsWith("Shenandoah");
    }

    /**
     * RSS below the committed heap: part of the heap has never been touched, so RSS still rises as the collector first
     * uses those pages (seen on G1: +5 MB/min of "RSS - committed heap" with a flat live set and no native allocation).
     */
    static boolean heapNotYetResident(Sample s) {
        return s.rssBytes() >= 0 && s.heapCommitted() > 0 && s.rssBytes() < s.heapCommitted();
    }

    /**
     * The committed heap changed by more than 8 MB in the window (G1 and Parallel shrink it after full GCs, e.g. probes):
     * uncommitting pages that were never resident lowers "committed" but not RSS, so "RSS - committed heap" rises
     * without any native allocation.
     */
    static boolean heapResized(List<Sample> samples) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (Sample s : samples) {
            if (s.heapCommitted() <= 0) continue;
            min = Math.min(min, s.heapCommitted());
            max = Math.max(max, s.heapCommitted());
        }
        return max > min && max - min > NATIVE_MIN_GROWTH;
    }

    /** True when the heap's resident bytes are known in every sample that has an RSS (a local G1, Parallel, ...). */
    static boolean heapResidentKnown(List<Sample> samples) {
        boolean any = false;
        for (Sample s : samples) {
            if (s.rssBytes() < 0) continue;
            if (s.heapResidentBytes() < 0) return false;
            any = true;
        }
        return any;
    }

    private static NativeGrowth nativeGrowth(Trend nonHeapRss, Trend direct, boolean residentKnown, boolean lazyHeap) {
        if (nonHeapRss == null || nonHeapRss.n() < 10) return null;
        double slope = perMinute(nonHeapRss);
        double growth = nonHeapRss.slope() * nonHeapRss.span();
        if (slope < NATIVE_MIN_SLOPE || growth < NATIVE_MIN_GROWTH || nonHeapRss.probabilityRising() < 0.95
                || nonHeapRss.slopeLow() <= 0) {
            return null;
        }
        String reason = String.format("process memory outside the heap (RSS - %s) grows %.2f MB/min",
                residentKnown ? "resident heap" : "committed heap", slope / MIB);
        double directSlope = perMinute(direct);
        boolean directBuffers = direct != null && directSlope > 0.5 * slope;
        if (directBuffers) {
            reason += String.format(", mostly direct ByteBuffers (%.2f MB/min)", directSlope / MIB);
        } else if (lazyHeap) {
            // without a direct-buffer explanation this is most likely heap pages being touched for the first time
            return null;
        }
        return new NativeGrowth(clamp(nonHeapRss.probabilityRising() * Math.min(1, nonHeapRss.n() / 30.0)), reason);
    }

    /**
     * True when the series rises through the whole window, not in one step: the medians of its first, middle and last
     * thirds (by time) each rise by at least a quarter of what the fitted slope predicts between them. One step (a
     * JIT burst, GC threads started for the first full GC) moves one of the two differences only.
     */
    static boolean sustainedGrowth(List<double[]> pts, Trend trend) {
        if (pts.size() < 9) return false;
        double t0 = pts.get(0)[0];
        double third = (pts.get(pts.size() - 1)[0] - t0) / 3.0;
        double[][] thirds = new double[3][pts.size()];
        int[] counts = new int[3];
        for (double[] p : pts) {
            int k = (int) Math.min(2, (p[0] - t0) / third);
            thirds[k][counts[k]++] = p[1];
        }
        double[] medians = new double[3];
        for (int k = 0; k < 3; k++) {
            if (counts[k] == 0) return false;
            double[] sorted = java.util.Arrays.copyOf(thirds[k], counts[k]);
            java.util.Arrays.sort(sorted);
            medians[k] = Trend.median(sorted);
        }
        double step = 0.25 * trend.slope() * third;
        return medians[1] - medians[0] >= step && medians[2] - medians[1] >= step;
    }

    private static double range(List<double[]> pts) {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double[] p : pts) {
            min = Math.min(min, p[1]);
            max = Math.max(max, p[1]);
        }
        return max >= min ? max - min : 0;
    }

    private static boolean heapFlat(Trend heapUsed, long maxHeap) {
        return heapUsed == null || perMinute(heapUsed) < Math.max(MIN_SLOPE_FLOOR, maxHeap / WEEK_MINUTES)
                || heapUsed.slopeLow() <= 0;
    }

    private static Trend eventTrend(List<GcEvent> points) {
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i).endUptimeMillis();
            y[i] = points.get(i).oldAfter();
        }
        return Trend.of(x, y);
    }

    /** Trend of a per-sample series (x in ms); null when the series is unknown. */
    private static Trend seriesTrend(List<Sample> samples, ToLongFunction<Sample> value) {
        return trendOf(seriesPoints(samples, value));
    }

    /** (uptime ms, value) of every sample whose value is known (not negative). */
    private static List<double[]> seriesPoints(List<Sample> samples, ToLongFunction<Sample> value) {
        List<double[]> pts = new ArrayList<>();
        for (Sample s : samples) {
            long v = value.applyAsLong(s);
            if (v >= 0) pts.add(new double[]{s.uptimeMillis(), v});
        }
        return pts;
    }

    /** Null with fewer than three points. */
    private static Trend trendOf(List<double[]> pts) {
        if (pts.size() < 3) return null;
        double[] x = pts.stream().mapToDouble(p -> p[0]).toArray();
        double[] y = pts.stream().mapToDouble(p -> p[1]).toArray();
        return Trend.of(x, y);
    }

    private static double perMinute(Trend t) {
        return t == null || Double.isNaN(t.slope()) ? Double.NaN : t.slope() * 60_000;
    }

    private static double spanSeconds(List<GcEvent> points) {
        if (points.size() < 2) return 0;
        return (points.get(points.size() - 1).endUptimeMillis() - points.get(0).endUptimeMillis()) / 1000.0;
    }

    /** Seconds until `now` reaches `limit` at `perMinute`; -1 when there is no limit or no growth. */
    static double eta(long limit, long now, double perMinute) {
        if (limit <= 0 || now < 0 || Double.isNaN(perMinute) || perMinute <= 0) return -1;
        return Math.max(0, (limit - now) / perMinute * 60);
    }

    private static double clamp(double v) {
        return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
    }
}

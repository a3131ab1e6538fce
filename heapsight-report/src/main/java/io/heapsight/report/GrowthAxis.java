package io.heapsight.report;

import io.heapsight.analysis.diff.DiffReport;
import io.heapsight.analysis.diff.GrowthRate;
import io.heapsight.charts.Chart;

import java.util.List;

/**
 * Where each dump sits on a growth chart's x axis, and what "per hour" and "per request" divide by: the dumps' own
 * times when every dump has one and they increase (else dump numbers 1, 2, 3, and no rate per hour), and the requests
 * counted between the first and last dump when a load driver counted them.
 *
 * @param millis   time from the first dump to the last; -1 when unknown
 * @param requests requests between the first dump and the last; -1 when not counted
 */
record GrowthAxis(Chart.X kind, double[] xs, long millis, long requests) {

    /** A diff's dumps: their header timestamps. */
    static GrowthAxis of(DiffReport r) {
        List<DiffReport.DumpEntry> dumps = r.dumps();
        long[] times = new long[dumps.size()];
        for (int i = 0; i < times.length; i++) times[i] = dumps.get(i).info().timestampMillis();
        return of(times, -1);
    }

    /** An investigation's dumps: their times and the requests sent between them. */
    static GrowthAxis of(InvestigationReport.Run run) {
        List<InvestigationReport.Step> steps = run.steps();
        long[] times = new long[steps.size()];
        for (int i = 0; i < times.length; i++) times[i] = steps.get(i).atMillis();
        long a = steps.get(0).requestsBefore();
        long b = steps.get(steps.size() - 1).requestsBefore();
        return of(times, a < 0 || b < 0 ? -1 : b - a);
    }

    private static GrowthAxis of(long[] times, long requests) {
        boolean timed = times.length > 1;
        for (int i = 0; i < times.length && timed; i++) timed = times[i] > 0 && (i == 0 || times[i] > times[i - 1]);
        double[] xs = new double[times.length];
        for (int i = 0; i < xs.length; i++) xs[i] = timed ? times[i] / 1000.0 : i + 1;
        return new GrowthAxis(timed ? Chart.X.TIME : Chart.X.DUMP, xs, timed ? times[times.length - 1] - times[0] : -1, requests);
    }

    /** How fast {@code bytes} of growth from the first dump to the last is. */
    GrowthRate rate(long bytes) {
        return new GrowthRate(bytes, millis, requests);
    }

    /** Whether the dumps have increasing times, so rates per hour exist. */
    boolean timed() {
        return kind == Chart.X.TIME;
    }

    String label() {
        return timed() ? "time of the dump (UTC)" : "dump";
    }
}

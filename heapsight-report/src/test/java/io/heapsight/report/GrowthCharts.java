package io.heapsight.report;

import io.heapsight.analysis.Suspect;
import io.heapsight.analysis.diff.ClassDiff;
import io.heapsight.analysis.diff.ClassStats;
import io.heapsight.analysis.diff.DiffReport;
import io.heapsight.analysis.diff.HolderDiff;

import java.util.List;

import static io.heapsight.report.SmallReports.MB;

/** An investigation of three dumps half an hour apart, 600 requests between them, whose holder and class names are hostile. */
final class GrowthCharts {
    static final String HOLDER = "com.example.Cache.</code></script><img src=x onerror=window.__pwned=1>";
    static final String CLASS = "com.example.<b>Session</b></script><script>window.__pwned=2</script>";
    static final long T0 = 1_780_000_000_000L;
    static final long HALF_HOUR = 30 * 60_000L;

    private GrowthCharts() {}

    static DiffReport diff() {
        DiffReport r = SmallReports.diff(true);
        HolderDiff h = r.holders().get(0);
        Suspect s = h.suspect();
        Suspect hostile = new Suspect(s.rank(), HOLDER, s.holderPath(), s.accumulationPoint(), s.accumulationPointIndex(), s.accumulationPointClass(),
                s.accumulatedClass(), s.count(), s.retainedBytes(), s.heapFraction(), s.instances(), s.path(), s.description());
        List<HolderDiff> holders = List.of(new HolderDiff(h.rank(), h.verdict(), hostile, h.nativeBytes(), h.series(), h.growthBytes(),
                h.growthCount(), h.growingSteps(), h.description()), r.holders().get(1));
        List<ClassDiff> classes = List.of(new ClassDiff(CLASS, List.of(new ClassStats(3_000, 6 * MB, 9 * MB),
                new ClassStats(6_000, 12 * MB, 18 * MB), new ClassStats(10_000, 20 * MB, 30 * MB)), 7_000, 14 * MB, 21 * MB));
        return new DiffReport(r.dumps(), r.noiseBytes(), holders, classes, r.verdict(), r.notes(), r.totalMillis());
    }

    static InvestigationReport.Run run() {
        return new InvestigationReport.Run("demo service pid 4242", "http://127.0.0.1:8080/api/cache/leaky", List.of(
                new InvestigationReport.Step(1, "dump-1.hprof", T0, 0, 40 * MB, 38 * MB),
                new InvestigationReport.Step(2, "dump-2.hprof", T0 + HALF_HOUR, 600, 50 * MB, 48 * MB),
                new InvestigationReport.Step(3, "dump-3.hprof", T0 + 2 * HALF_HOUR, 1200, 60 * MB, 58 * MB)));
    }
}

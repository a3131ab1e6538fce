package io.heapsight.analysis;

import io.heapsight.analysis.diff.DiffOptions;
import io.heapsight.analysis.diff.DiffReport;
import io.heapsight.analysis.diff.HeapDiff;
import io.heapsight.analysis.diff.HolderDiff;
import io.heapsight.analysis.diff.HolderVerdict;
import io.heapsight.analysis.diff.SeriesPoint;
import io.heapsight.analysis.scenarios.WebappRedeploy;
import io.heapsight.common.LeakVerdict;
import io.heapsight.heap.Progress;
import io.heapsight.testkit.ForkedDump;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A leak that grows by new GC roots: a web application redeployed in an embedded Tomcat, each deployment's listener
 * starting a thread it never stops (4 MiB of static data per deployment). No collection grows; the number of pinned
 * class loaders does.
 */
class WebappRedeployTest {
    static final String LISTENER = "io.heapsight.analysis.scenarios.LeakyStartupListener";
    static final long STATIC_DATA = (4L << 20) + 16; // byte[4 MiB] with its 16-byte header

    @TempDir
    Path dir;

    private Path dump(int deployments) throws Exception {
        return ForkedDump.of(WebappRedeploy.class).jvmArgs("-Xmx256m").args(String.valueOf(deployments))
                .timeout(Duration.ofSeconds(180)).run(dir).file();
    }

    static String describe(DiffReport r) {
        StringBuilder b = new StringBuilder("\n");
        for (HolderDiff h : r.holders()) b.append(h.rank()).append(' ').append(h.verdict()).append(' ').append(h.suspect().holder())
                .append(' ').append(h.series()).append(' ').append(h.description()).append('\n');
        return b.toString();
    }

    @Test
    void diffNamesTheGrowingLoadersAndTheirThreadAndAnalyzeMakesThemSuspectOne() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int deployments : new int[] {1, 3, 5}) files.add(dump(deployments));

        DiffReport r = HeapDiff.compare(files, DiffOptions.defaults(), Progress.NONE);
        assertThat(r.verdict()).as(describe(r)).isEqualTo(LeakVerdict.LEAK);
        HolderDiff top = r.holders().get(0);
        String shown = describe(r);
        assertThat(top.verdict()).as(shown).isEqualTo(HolderVerdict.GROWING);
        assertThat(top.suspect().holder()).as(shown).contains("metrics-poller").contains("contextClassLoader");
        // one loader is no leak yet (nothing to find), then 3 and 5 loaders of the application
        assertThat(top.series()).extracting(SeriesPoint::present).containsExactly(false, true, true);
        assertThat(top.series()).extracting(SeriesPoint::count).containsExactly(0L, 3L, 5L);
        // each deployment keeps at least its 4 MiB of static data; two more deployments between the last two dumps
        long step = top.series().get(2).retainedBytes() - top.series().get(1).retainedBytes();
        assertThat(step).isBetween(2 * STATIC_DATA, 2 * STATIC_DATA + 2 * 512 * 1024);

        AnalysisReport a = HeapAnalysis.analyze(files.get(2), AnalysisOptions.defaults(), Progress.NONE);
        Suspect first = a.suspects().get(0);
        String suspects = SuspectScenariosTest.describe(a.suspects());
        assertThat(first.description()).as(suspects).startsWith("class-loader leak: " + LISTENER);
        assertThat(first.holder()).as(suspects).isEqualTo("GC root: thread \"metrics-poller\" → java.lang.Thread.contextClassLoader");
        assertThat(first.instances()).isEqualTo(5);
        assertThat(first.retainedBytes()).isBetween(5 * STATIC_DATA, 5 * STATIC_DATA + 5 * 512 * 1024);
        assertThat(first.description()).contains("5 of them pinned by GC root: thread \"metrics-poller\"");
        // the class-loader inspection counts each loader with its classes: every deployment's 4 MiB is visible
        var webappLoaders = a.inspections().classLoaders().loaders().stream()
                .filter(l -> l.loader().startsWith("org.apache.catalina.loader.ParallelWebappClassLoader")).toList();
        assertThat(webappLoaders).hasSize(5).allSatisfy(l -> assertThat(l.retainedBytes()).isGreaterThan(STATIC_DATA));
    }
}

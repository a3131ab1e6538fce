package io.heapsight.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Smoke test of the command line only: the benchmark itself is never run as a test. */
class BenchOptionsTest {

    @Test
    void defaults() {
        BenchOptions o = BenchOptions.parse();
        assertThat(o.objects()).isEqualTo(5_000_000);
        assertThat(o.runs()).isEqualTo(3);
        assertThat(o.tools()).containsExactly(Tool.HEAPSIGHT, Tool.HAHA, Tool.SHARK, Tool.MAT);
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(o.shape()).isEqualTo(Shape.REALISTIC);
        assertThat(o.profile()).isFalse();
        assertThat(o.generateOnly()).isFalse();
        assertThat(o.startupCache()).isTrue();
        assertThat(BenchOptions.parse("--no-startup-cache", "--runs", "1").startupCache()).isFalse();
    }

    @Test
    void shapeNamesTheGeneratedDumpAndPicksItsScenario() {
        BenchOptions o = BenchOptions.parse("--shape", "deepchain", "--objects", "30m", "--generate-only");
        assertThat(o.shape()).isEqualTo(Shape.DEEPCHAIN);
        assertThat(o.shape().dumpName(o.objectsLabel())).isEqualTo("deepchain-30m.hprof");
        assertThat(o.shape().scenario.getSimpleName()).isEqualTo("DeepChainHeap");
        assertThat(o.generateOnly()).isTrue();
        assertThat(BenchOptions.parse("--shape", "Strings").shape().scenario.getSimpleName()).isEqualTo("StringHeavyHeap");
        assertThat(BenchOptions.parse("--shape", "classes").shape().scenario.getSimpleName()).isEqualTo("ManyClassesHeap");
        assertThat(BenchOptions.parse().shape().dumpName("5m")).isEqualTo("realistic-5m.hprof");
    }

    @Test
    void generatorHeapIsAboutThreeTimesTheLiveHeapAndTenGigabytesAtOneHundredMillion() {
        assertThat(Shape.REALISTIC.generatorHeapMb(1_000)).isEqualTo(1024);
        assertThat(Shape.REALISTIC.generatorHeapMb(30_000_000)).isEqualTo(30_000_000L * 140 / (1 << 20));
        assertThat(Shape.REALISTIC.generatorHeapMb(100_000_000)).isEqualTo(100_000_000L * 100 / (1 << 20));
    }

    @Test
    void profileAndMatAreOptions() {
        BenchOptions o = BenchOptions.parse("--profile", "--tools", "heapsight,mat", "--runs", "1");
        assertThat(o.profile()).isTrue();
        assertThat(o.tools()).containsExactly(Tool.HEAPSIGHT, Tool.MAT);
        assertThat(o.runs()).isEqualTo(1);
    }

    @Test
    void parsesSizesToolsAndLimits() {
        BenchOptions o = BenchOptions.parse("--objects", "30m", "--runs", "5", "--tools", "shark,haha",
                "--xmx", "8g", "--timeout", "60", "--jvm-arg", "-XX:+UseParallelGC");
        assertThat(o.objects()).isEqualTo(30_000_000);
        assertThat(o.objectsLabel()).isEqualTo("30m");
        assertThat(o.runs()).isEqualTo(5);
        assertThat(o.tools()).containsExactly(Tool.SHARK, Tool.HAHA);
        assertThat(o.xmx()).isEqualTo("8g");
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.extraJvmArgs()).isEqualTo(List.of("-XX:+UseParallelGC"));
        assertThat(BenchOptions.parse("--objects", "250k").objects()).isEqualTo(250_000);
    }

    @Test
    void rejectsBadInputWithOneLineReasons() {
        assertThatThrownBy(() -> BenchOptions.parse("--runs", "0")).hasMessage("--runs must be a positive integer, got '0'");
        assertThatThrownBy(() -> BenchOptions.parse("--tools", "jhat")).hasMessageContaining("unknown tool 'jhat'");
        assertThatThrownBy(() -> BenchOptions.parse("--shape", "round")).hasMessageContaining("unknown shape 'round'");
        assertThatThrownBy(() -> BenchOptions.parse("--generate-only", "--dump", "x.hprof"))
                .hasMessage("--generate-only generates a dump: drop --dump");
        assertThatThrownBy(() -> BenchOptions.parse("--objects", "lots")).hasMessageContaining("not an object count");
        assertThatThrownBy(() -> BenchOptions.parse("--xmx", "6 GB")).hasMessageContaining("not a heap size");
        assertThatThrownBy(() -> BenchOptions.parse("--frobnicate", "1")).hasMessage("unknown option --frobnicate");
        assertThatThrownBy(() -> BenchOptions.parse("--runs")).hasMessage("option --runs needs a value");
    }

    @Test
    void medianIgnoresFailedRuns() {
        List<RunResult> runs = List.of(
                new RunResult(Tool.HAHA, 1, RunResult.Status.OK, 300, 0, 0, 0, 0, 0, ""),
                new RunResult(Tool.HAHA, 2, RunResult.Status.FAILED, 5, 0, 0, 0, 0, 0, "boom"),
                new RunResult(Tool.HAHA, 3, RunResult.Status.OK, 100, 0, 0, 0, 0, 0, ""),
                new RunResult(Tool.HAHA, 4, RunResult.Status.OK, 200, 0, 0, 0, 0, 0, ""));
        assertThat(ResultTable.median(runs, RunResult::wallMillis)).isEqualTo(200);
        assertThat(ResultTable.median(runs.subList(1, 2), RunResult::wallMillis)).isEqualTo(-1);
    }
}

package io.heapsight.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChildJvmTest {

    /** The benchmark measures heapsight as users run it: the launcher's collector flags, and only for heapsight. */
    @Test
    void heapsightChildrenGetTheLaunchersCollectorFlagsOthersDoNot() throws Exception {
        String launcher = Files.readString(Path.of("..", "heapsight"));
        String flagsLine = launcher.lines().filter(l -> l.startsWith("flags=(")).findFirst().orElseThrow();
        String execLine = launcher.lines().filter(l -> l.startsWith("exec ")).findFirst().orElseThrow();
        assertThat(execLine).contains(" \"${flags[@]}\" ");
        String flags = " " + flagsLine.replace("flags=(", " ").replace(")", " ") + " ";
        for (String flag : ChildJvm.HEAPSIGHT_LAUNCHER_FLAGS) assertThat(flags).contains(" " + flag + " ");
        // the bench records its start-up cache as the launcher records its own
        String recording = launcher.lines().filter(l -> l.contains("-XX:AOTCacheOutput=")).findFirst().orElseThrow();
        for (String flag : ChildJvm.STARTUP_CACHE_RECORDING_FLAGS) assertThat(recording + " ").contains(" " + flag + " ");

        ChildJvm child = new ChildJvm("3g", List.of("-Dextra=1"), java.time.Duration.ofSeconds(1), Path.of("logs"), null, null);
        List<String> heapsight = child.toolRunnerCommand(Path.of("java"), Tool.HEAPSIGHT, Path.of("d.hprof"), 20, null);
        assertThat(heapsight).containsSubsequence("-Xmx3g", "-XX:MinHeapFreeRatio=1", "-XX:MaxHeapFreeRatio=10",
                "-XX:G1HeapRegionSize=4m", "-Dextra=1");
        List<String> haha = child.toolRunnerCommand(Path.of("java"), Tool.HAHA, Path.of("d.hprof"), 20, null);
        assertThat(haha).contains("-Xmx3g", "-Dextra=1").doesNotContain("-XX:MaxHeapFreeRatio=10");
    }

    /** As ./heapsight does, the bench records a start-up cache and runs the heapsight children (only) from it. */
    @Test
    void heapsightChildrenRunFromTheStartupCacheWhenOneCouldBeRecorded(@TempDir Path dir) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ChildJvm child = new ChildJvm("512m", List.of(), Duration.ofSeconds(120), dir, null, null);
        // jars only, as scripts/bench runs it (this test's own class path has folders of classes, which the JVM
        // refuses to record): the CLI's jar and its libraries, made by the reactor's package phase before this test
        Path cli = Path.of("..", "heapsight-cli", "target").toAbsolutePath().normalize();
        child.classPath = cli.resolve("heapsight.jar") + File.pathSeparator + cli.resolve("lib") + File.separator + "*";
        Path cache = dir.resolve("startup.aot");
        assertThat(child.recordStartupCache(java, cache, dir.resolve("startup.log"))).as(Files.readString(dir.resolve("startup.log"))).isTrue();
        assertThat(Files.size(cache)).isGreaterThan(1 << 20);
        assertThat(child.toolRunnerCommand(java, Tool.HEAPSIGHT, Path.of("d.hprof"), 20, null))
                .contains("-XX:AOTCache=" + cache.toAbsolutePath(), "-Xlog:aot=off");
        assertThat(child.toolRunnerCommand(java, Tool.HAHA, Path.of("d.hprof"), 20, null)).noneMatch(a -> a.contains("AOT"));

        // a JVM that cannot start (no such option) records nothing, and the children go without
        ChildJvm broken = new ChildJvm("512m", List.of("-XX:+NoSuchOption"), Duration.ofSeconds(120), dir, null, null);
        broken.classPath = child.classPath;
        assertThat(broken.recordStartupCache(java, dir.resolve("broken.aot"), dir.resolve("broken.log"))).isFalse();
        assertThat(broken.toolRunnerCommand(java, Tool.HEAPSIGHT, Path.of("d.hprof"), 20, null)).noneMatch(a -> a.contains("AOT"));
    }
}

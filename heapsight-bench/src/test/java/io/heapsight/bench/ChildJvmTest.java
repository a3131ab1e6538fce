package io.heapsight.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChildJvmTest {

    /** The benchmark measures heapsight as users run it: the launcher's collector flags, and only for heapsight. */
    @Test
    void heapsightChildrenGetTheLaunchersCollectorFlagsOthersDoNot() throws Exception {
        String launcher = Files.readString(Path.of("..", "heapsight"));
        String execLine = launcher.lines().filter(l -> l.startsWith("exec ")).findFirst().orElseThrow();
        for (String flag : ChildJvm.HEAPSIGHT_LAUNCHER_FLAGS) assertThat(execLine).contains(" " + flag + " ");

        ChildJvm child = new ChildJvm("3g", List.of("-Dextra=1"), java.time.Duration.ofSeconds(1), Path.of("logs"), null, null);
        List<String> heapsight = child.toolRunnerCommand(Path.of("java"), Tool.HEAPSIGHT, Path.of("d.hprof"), 20, null);
        assertThat(heapsight).containsSubsequence("-Xmx3g", "-XX:MinHeapFreeRatio=1", "-XX:MaxHeapFreeRatio=10",
                "-XX:G1HeapRegionSize=4m", "-Dextra=1");
        List<String> haha = child.toolRunnerCommand(Path.of("java"), Tool.HAHA, Path.of("d.hprof"), 20, null);
        assertThat(haha).contains("-Xmx3g", "-Dextra=1").doesNotContain("-XX:MaxHeapFreeRatio=10");
    }
}

package io.heapsight.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher's training workload: it runs the verbs it should, quietly, and leaves nothing behind. */
class StartupTrainingCommandTest {

    @Test
    void analyzesAndDiffsItsOwnDumpsSaysNothingAndLeavesNoFile() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> before = trainingFolders(tmp);
        CliRun r = CliRun.run("train-startup-cache");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();
        assertThat(trainingFolders(tmp)).isEqualTo(before);
    }

    @Test
    void isNotListedInTheHelp() {
        CliRun r = CliRun.run("--help");
        assertThat(r.err() + r.out()).contains("analyze").doesNotContain("train-startup-cache");
    }

    private static List<Path> trainingFolders(Path tmp) throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("heapsight-training-")).sorted().toList();
        }
    }
}

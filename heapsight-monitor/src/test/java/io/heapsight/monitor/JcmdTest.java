package io.heapsight.monitor;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tool runner's deadline covers reading the output, not only waiting for the process. */
class JcmdTest {

    @Test
    void aToolThatHangsIsKilledAtTheDeadline() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> Jcmd.run(List.of("sh", "-c", "echo started; exec sleep 20"), Duration.ofSeconds(1), "the tool"))
                .isInstanceOf(IOException.class).hasMessage("the tool did not finish within 1.0 s");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
    }

    @Test
    void outputHeldOpenByAnotherProcessDoesNotBlockPastTheDeadline() throws Exception {
        // the tool exits at once but leaves a child holding its output open: a plain read to the end would block 6 s
        long start = System.nanoTime();
        Jcmd.Result r = Jcmd.run(List.of("sh", "-c", "echo done; sleep 6 &"), Duration.ofSeconds(2), "the tool");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(4);
        assertThat(r.exitCode()).isZero();
        assertThat(r.output()).contains("done");
    }
}

package io.heapsight.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Progress is drawn only when stderr itself is a terminal, decided in a real child JVM: stderr to a file says no
 * (System.console() is not null there on JDK 22+, which is why it cannot decide), stderr on a pseudo-terminal
 * (util-linux script) says yes.
 */
class TerminalTest {

    /** The child: prints what the CLI decides about its own stderr. */
    public static void main(String[] args) {
        System.out.println("stderr-terminal=" + Terminal.stderrIsTerminal() + " console=" + (System.console() != null));
    }

    @Test
    void stderrRedirectedToAFileIsNotATerminal(@TempDir Path dir) throws Exception {
        Path err = dir.resolve("err.log");
        ProcessBuilder pb = new ProcessBuilder(child()).redirectError(err.toFile());
        pb.environment().remove("CI");
        String out = run(pb);
        assertThat(out).contains("stderr-terminal=false");
        assertThat(Files.readString(err)).doesNotContain("\r");
    }

    @Test
    void stderrOnAPseudoTerminalIsATerminal() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script is not installed");
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/script", "-qec", String.join(" ", quoted(child())), "/dev/null")
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().remove("CI");
        pb.environment().put("TERM", "xterm");
        assertThat(run(pb)).contains("stderr-terminal=true");
    }

    @Test
    void aDisabledBarDrawsNothing() {
        var bytes = new java.io.ByteArrayOutputStream();
        try (ProgressBar off = new ProgressBar(new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8), false)) {
            off.update("parsing", 5, 10);
        }
        assertThat(bytes.size()).isZero();
    }

    private static List<String> child() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(TerminalTest.class.getName());
        return cmd;
    }

    private static List<String> quoted(List<String> words) {
        return words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").toList();
    }

    private static String run(ProcessBuilder pb) throws IOException, InterruptedException {
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}

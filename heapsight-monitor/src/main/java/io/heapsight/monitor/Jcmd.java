package io.heapsight.monitor;

import io.heapsight.common.Durations;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the JDK's jcmd tool against a local pid. Its output is read on its own thread while the deadline runs: an
 * attach output left unread can stall the target inside a safepoint, and a read on the calling thread could block
 * past any timeout (the drain must be inside it, not before it).
 */
final class Jcmd {
    /** What jcmd printed and how it ended. */
    record Result(int exitCode, String output) {
        String lastLine() {
            return output.strip().lines().reduce((a, b) -> b).orElse("no output");
        }
    }

    private Jcmd() {}

    static Path tool() {
        return Path.of(System.getProperty("java.home"), "bin", "jcmd");
    }

    static boolean available() {
        return Files.isExecutable(tool());
    }

    /**
     * Runs {@code jcmd pid command args...}; the whole run, output included, is bounded by {@code timeout}.
     *
     * @throws IOException when jcmd cannot be started, or when it runs past the timeout (it is then killed)
     */
    static Result run(long pid, Duration timeout, String command, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(tool().toString(), Long.toString(pid), command));
        cmd.addAll(List.of(args));
        return run(cmd, timeout, "jcmd " + command);
    }

    /** Runs a tool with its output drained inside the timeout; {@code name} is how failures call it. */
    static Result run(List<String> cmd, Duration timeout, String name) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Thread drain = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(buf);
            } catch (IOException e) {
                // the process was killed: what was read so far is kept
            }
        }, "tool-output-" + p.pid());
        drain.setDaemon(true);
        drain.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                p.destroyForcibly();
                throw new IOException(name + " did not finish within " + Durations.humanSeconds(timeout.toSeconds()));
            }
            // the tool ended: its output ends too, unless a grandchild kept the pipe open
            drain.join(Math.max(1000, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + name);
        }
        return new Result(p.exitValue(), buf.toString(StandardCharsets.UTF_8));
    }
}

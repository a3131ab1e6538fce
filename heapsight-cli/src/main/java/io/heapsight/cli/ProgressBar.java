package io.heapsight.cli;

import io.heapsight.heap.Progress;

import java.io.PrintStream;

/**
 * A one-line progress bar on stderr, shown only once work has taken over a second and only when stderr is a
 * terminal (or when forced), so scripts, CI logs and {@code 2> file} stay free of carriage-return frames.
 */
final class ProgressBar implements Progress, AutoCloseable {
    private final PrintStream err;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    ProgressBar(PrintStream err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    static ProgressBar forTerminal(PrintStream err, Boolean forced) {
        boolean on = forced != null ? forced : Terminal.stderrIsTerminal();
        return new ProgressBar(err, on);
    }

    @Override
    public void update(String phase, long done, long total) {
        if (!enabled) return;
        long now = System.nanoTime();
        if (now - start < 1_000_000_000L || now - lastDraw < 100_000_000L) return;
        lastDraw = now;
        StringBuilder sb = new StringBuilder("\r");
        if (total > 0) {
            int width = 30;
            int filled = (int) Math.min(width, width * done / total);
            sb.append('[').append("#".repeat(filled)).append(" ".repeat(width - filled)).append("] ");
            sb.append(String.format("%3d%% ", Math.min(100, 100 * done / total)));
        }
        sb.append(phase);
        sb.append(String.format("  %.1fs", (now - start) / 1e9));
        String line = sb.toString();
        err.print(line.length() > 100 ? line.substring(0, 100) : line + " ".repeat(Math.max(0, 100 - line.length())));
        err.flush();
        drawn = true;
    }

    /** A note goes on its own line, not into the bar's. */
    @Override
    public void note(String message) {
        close();
        drawn = false;
        err.println("heapsight: " + message);
    }

    @Override
    public void close() {
        if (drawn) {
            err.print("\r" + " ".repeat(100) + "\r");
            err.flush();
        }
    }
}

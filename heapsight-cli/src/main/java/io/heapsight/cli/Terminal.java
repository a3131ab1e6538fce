package io.heapsight.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether standard error is a terminal, the one condition for drawing progress. {@code System.console()} answers for
 * stdin/stdout instead, so {@code heapsight analyze d.hprof 2> log} would fill the log with carriage-return frames.
 */
final class Terminal {
    private Terminal() {}

    static boolean stderrIsTerminal() {
        if (System.getenv("CI") != null || "dumb".equals(System.getenv("TERM"))) return false;
        return isTerminalDevice(Path.of("/proc/self/fd/2"));
    }

    /** A file descriptor link that resolves to a terminal device (Linux: /dev/pts/N, /dev/ttyN, /dev/console). */
    static boolean isTerminalDevice(Path fdLink) {
        try {
            String target = Files.readSymbolicLink(fdLink).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;   // no /proc (not Linux) or no such descriptor: treat as not a terminal, the safe side
        }
    }
}

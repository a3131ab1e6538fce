package io.heapsight.cli;

import picocli.CommandLine.Option;

import java.io.PrintStream;

/**
 * {@code --progress/--no-progress} and {@code -q/--quiet}: what a verb may say on stderr while it works. Errors and
 * warnings are always printed; the result on stdout is never affected.
 */
final class ProgressOptions {
    @Option(names = "--progress", negatable = true,
            description = "Force the progress bar on or off (default: on when stderr is a terminal).")
    Boolean progress;

    @Option(names = {"-q", "--quiet"}, description = "No progress and no informational messages on stderr.")
    boolean quiet;

    ProgressBar bar() {
        return ProgressBar.forTerminal(System.err, quiet ? Boolean.FALSE : progress);
    }

    /** An informational line on stderr ("heapsight VERB: ..."), unless --quiet. */
    void info(String verb, String message) {
        if (quiet) return;
        PrintStream err = System.err;
        err.println("heapsight " + verb + ": " + message);
        err.flush();
    }

    /** Where informational lines go: stderr, or nowhere with --quiet. */
    PrintStream log() {
        return quiet ? new PrintStream(java.io.OutputStream.nullOutputStream()) : System.err;
    }
}

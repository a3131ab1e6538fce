package io.heapsight.testkit;

import java.util.concurrent.TimeUnit;

/** Ending a process a test started (only ever our own): politely first, then forcibly. */
public final class Processes {
    private Processes() {}

    /** Asks the process to end, waits up to 10 s, then kills it; returns once it is gone or killed. */
    public static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

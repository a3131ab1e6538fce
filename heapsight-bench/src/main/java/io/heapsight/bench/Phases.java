package io.heapsight.bench;

/**
 * Progress lines a job prints in its child JVM ({@code BENCH-PHASE <name> <millis since job start>}), so a run
 * killed at the timeout still tells how far the tool got.
 */
final class Phases {
    static final String PREFIX = "BENCH-PHASE ";
    private static volatile long start = System.nanoTime();

    private Phases() {}

    /** Called by ToolRunner just before the job starts. */
    static void start() {
        start = System.nanoTime();
    }

    static void done(String phase) {
        System.out.println(PREFIX + phase + " " + (System.nanoTime() - start) / 1_000_000);
        System.out.flush();
    }
}

package io.heapsight.junit;

/** Leak assertions for tests: {@code HeapAssertions.assertNoLeak(1_000, () -> service.handle(request))}. */
public final class HeapAssertions {
    private HeapAssertions() {}

    /** Something a test does over and over; may throw. */
    @FunctionalInterface
    public interface Action {
        void run() throws Throwable;
    }

    /** A check with defaults (1,000 runs, 1 MB of tolerated growth), to be configured and then {@link LeakCheck#run run}. */
    public static LeakCheck leakCheck() {
        return new LeakCheck();
    }

    /** Fails, naming the growing field, when running the action this many times grows the live set by more than 1 MB. */
    public static void assertNoLeak(int iterations, Action action) {
        leakCheck().iterations(iterations).run(action);
    }
}

package io.heapsight.load;

import java.time.Duration;

/** Hears what the driver does while it runs, so a front end can print as it goes. Every method is optional. */
public interface LoadListener {

    LoadListener NONE = new LoadListener() {};

    default void before(MemorySample sample, String probe) {}

    default void probeFailed(String when, String message) {}

    default void loadStarted(LoadOptions options) {}

    /** Called about every {@link LoadOptions#progressEvery()} while the load runs. */
    default void progress(long requests, long errors, Duration elapsed) {}

    default void after(MemorySample sample, String probe) {}
}

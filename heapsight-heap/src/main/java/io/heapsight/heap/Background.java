package io.heapsight.heap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Work on a second platform thread (both cores), with its IOException handed back at {@link #join}. */
public final class Background {
    private Background() {}

    /** Work that may fail reading a file. */
    @FunctionalInterface
    public interface Work<T> {
        T get() throws IOException;
    }

    public static <T> CompletableFuture<T> run(String name, Work<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return work.get();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, r -> thread(name, true, r));
    }

    /** A platform thread, started: Java 17's form of {@code Thread.ofPlatform().name(name).start(task)} (this module compiles to 17). */
    public static Thread thread(String name, boolean daemon, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(daemon);
        t.start();
        return t;
    }

    /** The result, or the work's IOException (or RuntimeException) thrown here. */
    public static <T> T join(CompletableFuture<T> f) throws IOException {
        try {
            return f.join();
        } catch (CompletionException e) {
            Throwable c = e.getCause();
            if (c instanceof UncheckedIOException u) throw u.getCause();
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error err) throw err;
            throw new IOException(c);
        }
    }
}

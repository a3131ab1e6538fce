package io.heapsight.analysis;

import io.heapsight.heap.PhaseTimer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A result that a helper thread computes ahead of time, or the thread that needs it, whichever gets to it first: a
 * {@link #join()} of a result nobody has started runs it on the joining thread instead of waiting for the helper
 * to finish its earlier work. Either way it is computed once.
 */
final class ClaimableResult<T> extends CompletableFuture<T> {
    private final String name;
    private final Supplier<T> work;
    private final AtomicBoolean claimed = new AtomicBoolean();

    ClaimableResult(String name, Supplier<T> work) {
        this.name = name;
        this.work = work;
    }

    /** Computes the result on this thread unless another thread has started it. */
    void runIfUnclaimed() {
        if (!claimed.compareAndSet(false, true)) return;
        PhaseTimer timer = new PhaseTimer();
        try {
            complete(work.get());
        } catch (RuntimeException | Error e) {
            completeExceptionally(e);
        }
        timer.lap(name + " (" + Thread.currentThread().getName() + ")");
    }

    @Override
    public T join() {
        runIfUnclaimed();
        return super.join();
    }
}

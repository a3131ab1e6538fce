package io.heapsight.demo.diag;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Turns monotonic counters (requests served, CPU time used) into per-second rates once a second, so every reader of
 * /api/diagnostics sees the same numbers however often it polls.
 */
public final class RateSampler implements AutoCloseable {

    private final LongAdder requests = new LongAdder();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "heapsight-demo-sampler");
        t.setDaemon(true);
        return t;
    });
    private final int cpus = Runtime.getRuntime().availableProcessors();
    private long lastRequests;
    private long lastCpuNanos = ProcessStats.cpuTimeNanos();
    private long lastSampleNanos = System.nanoTime();
    private volatile double rps;
    private volatile double cpuPercent;

    public RateSampler() {
        timer.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
    }

    public void countRequest() {
        requests.increment();
    }

    public long requestsTotal() {
        return requests.sum();
    }

    /** Requests per second over the last full second. */
    public double rps() {
        return rps;
    }

    /** CPU used by this process over the last second, as a share of all cores (0-100). */
    public double cpuPercent() {
        return cpuPercent;
    }

    private synchronized void sample() {
        long now = System.nanoTime();
        long total = requests.sum();
        long cpu = ProcessStats.cpuTimeNanos();
        double seconds = (now - lastSampleNanos) / 1e9;
        if (seconds > 0) {
            rps = (total - lastRequests) / seconds;
            if (cpu >= 0 && lastCpuNanos >= 0) {
                cpuPercent = Math.min(100.0, 100.0 * (cpu - lastCpuNanos) / (seconds * 1e9 * cpus));
            }
        }
        lastRequests = total;
        lastCpuNanos = cpu;
        lastSampleNanos = now;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

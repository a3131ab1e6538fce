package io.heapsight.load;

import io.heapsight.common.LeakVerdict;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives load at a URL from {@code concurrency} threads, bounded in count and time, and compares the target's live
 * set before and after: the way a leak is confirmed by "memory before vs after N requests", and a fix by the same run
 * coming back stable.
 */
public final class LoadDriver {
    private LoadDriver() {}

    public static LoadResult run(LoadOptions options) {
        URI uri = TargetPolicy.check(options.target(), options.allowRemote());
        LoadListener listener = options.listener();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build()) {
            RequestSender sender = new RequestSender(client, options.target(), options.wsAbort());
            preflight(sender, uri, options);
            for (long i = 0; i < options.warmup(); i++) {
                sender.send(-1 - i, options.requestTimeout());
            }

            MemoryProbe probe = options.probe();
            String probeError = probe == null ? "no memory probe" : null;
            MemorySample before = null;
            if (probe != null) {
                try {
                    before = probe.sample();
                    listener.before(before, probe.describe());
                } catch (MemoryProbe.ProbeException e) {
                    probeError = e.getMessage();
                    listener.probeFailed("before", e.getMessage());
                }
            }

            listener.loadStarted(options);
            long started = System.nanoTime();
            List<WorkerTally> tallies = drive(sender, options, started);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            MemorySample after = null;
            if (probe != null && before != null) {
                try {
                    after = probe.sample();
                    listener.after(after, probe.describe());
                } catch (MemoryProbe.ProbeException e) {
                    probeError = e.getMessage();
                    listener.probeFailed("after", e.getMessage());
                }
            }
            return summarize(options, uri, tallies, took, before, after, probe, probeError);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadException(LoadException.Reason.UNREACHABLE, "interrupted");
        }
    }

    /** One request first: a target that is down or a mistyped path fails in a second, not after a minute of errors. */
    private static void preflight(RequestSender sender, URI uri, LoadOptions options) throws InterruptedException {
        RequestSender.Outcome first = sender.send(0, Duration.ofSeconds(Math.min(10, options.requestTimeout().toSeconds())));
        if (first.ok()) {
            return;
        }
        if (first.name().equals("404") || first.name().equals("405")) {
            throw new LoadException(LoadException.Reason.BAD_TARGET, uri + " answered HTTP " + first.name()
                    + ": check the path");
        }
        if (!first.name().matches("\\d+")) {
            throw new LoadException(LoadException.Reason.UNREACHABLE, "cannot reach " + uri + ": " + first.error());
        }
        // other HTTP errors (500, 503...) may be what the user is testing: go on and count them
    }

    private static List<WorkerTally> drive(RequestSender sender, LoadOptions options, long startedNanos)
            throws InterruptedException {
        long deadline = startedNanos + options.maxDuration().toNanos();
        AtomicLong issued = new AtomicLong();
        List<WorkerTally> tallies = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < options.concurrency(); w++) {
            WorkerTally tally = new WorkerTally();
            tallies.add(tally);
            workers.add(Thread.ofPlatform().name("heapsight-load-" + w).daemon().start(() -> {
                try {
                    while (true) {
                        long remaining = deadline - System.nanoTime();
                        if (remaining <= 0) break;
                        long n = issued.incrementAndGet();
                        if (options.maxRequests() > 0 && n > options.maxRequests()) break;
                        // a request in flight at the deadline may not outlive it by more than a second
                        Duration timeout = min(options.requestTimeout(), Duration.ofNanos(remaining).plusSeconds(1));
                        long t0 = System.nanoTime();
                        RequestSender.Outcome outcome = sender.send(n, timeout);
                        tally.record(outcome.name(), outcome.ok(), System.nanoTime() - t0, outcome.error());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        long nextProgress = System.nanoTime() + options.progressEvery().toNanos();
        for (Thread worker : workers) {
            while (worker.isAlive()) {
                worker.join(200);
                if (System.nanoTime() >= nextProgress) {
                    long requests = 0, errors = 0;
                    for (WorkerTally t : tallies) {   // racy reads: progress only, exact totals come after the joins
                        requests += t.requests;
                        errors += t.errors;
                    }
                    options.listener().progress(requests, errors, Duration.ofNanos(System.nanoTime() - startedNanos));
                    nextProgress += options.progressEvery().toNanos();
                }
            }
        }
        return tallies;
    }

    private static LoadResult summarize(LoadOptions options, URI uri, List<WorkerTally> tallies, Duration took,
                                        MemorySample before, MemorySample after, MemoryProbe probe, String probeError) {
        long requests = 0, errors = 0;
        String firstError = null;
        Map<String, Long> outcomes = new TreeMap<>();
        int kept = 0;
        for (WorkerTally t : tallies) {
            requests += t.requests;
            errors += t.errors;
            if (firstError == null) firstError = t.firstError;
            t.outcomes.forEach((k, v) -> outcomes.merge(k, v, Long::sum));
            kept += t.kept;
        }
        long[] latencies = new long[kept];
        int at = 0;
        for (WorkerTally t : tallies) {
            System.arraycopy(t.latencies, 0, latencies, at, t.kept);
            at += t.kept;
        }
        long liveBefore = before == null ? -1 : before.liveSetBytes();
        long liveAfter = after == null ? -1 : after.liveSetBytes();
        LeakVerdict verdict = options.leakRule().judge(liveBefore, liveAfter);
        if (verdict == LeakVerdict.INCONCLUSIVE && probeError == null) {
            probeError = "the target did not report a live set";
        }
        return new LoadResult(verdict, liveBefore, liveAfter, requests, errors, took, uri.toString(),
                options.concurrency(), options.wsAbort(), options.leakRule().thresholdBytes(Math.max(0, liveBefore)),
                before, after, probe == null ? null : probe.describe(), verdict == LeakVerdict.INCONCLUSIVE ? probeError : null,
                LatencySummary.of(latencies, kept), outcomes, firstError);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** A one-line description of a transport failure (the JDK's messages are often null or nested). */
    static String describe(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) return "connection refused";
            if (c instanceof HttpConnectTimeoutException) return "connection timed out";
        }
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof java.util.concurrent.CompletionException)) {
            t = t.getCause();
        }
        if (t instanceof HttpTimeoutException) return "request timed out";
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }
}

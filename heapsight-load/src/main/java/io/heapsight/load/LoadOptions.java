package io.heapsight.load;

import java.net.URI;
import java.time.Duration;

/**
 * What to load and for how long. The run stops at whichever bound comes first: {@code maxRequests} (0 = no count
 * bound) or {@code maxDuration} (always set, so a run can never go on forever).
 *
 * @param target      the URL to call; {@code {n}} in it is replaced by the request's sequence number (unique keys)
 * @param wsAbort     open a websocket to the target per request, wait for its first message, then abort the
 *                    connection without a close handshake (what a dropped client does)
 * @param probe       where to read memory before and after; null = none (verdict unknown)
 * @param warmup      requests sent before the "before" sample and not counted (JIT, class loading, pools)
 */
public record LoadOptions(String target, int concurrency, long maxRequests, Duration maxDuration, boolean wsAbort,
                          boolean allowRemote, MemoryProbe probe, LeakRule leakRule, long warmup,
                          Duration requestTimeout, Duration progressEvery, LoadListener listener) {

    public static final int DEFAULT_CONCURRENCY = 12;
    public static final int MAX_CONCURRENCY = 512;
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(60);
    /** The time bound when only a request count is given. */
    public static final Duration DEFAULT_CAP_WITH_REQUESTS = Duration.ofMinutes(10);
    public static final Duration MAX_DURATION = Duration.ofHours(24);

    public LoadOptions {
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("concurrency must be 1.." + MAX_CONCURRENCY + ", got " + concurrency);
        }
        if (maxRequests < 0) {
            throw new IllegalArgumentException("requests must be positive, got " + maxRequests);
        }
        if (maxDuration == null || maxDuration.isNegative() || maxDuration.isZero() || maxDuration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("duration must be more than 0 and at most 24h, got " + maxDuration);
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("warmup must not be negative");
        }
        leakRule = leakRule == null ? LeakRule.DEFAULT : leakRule;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
        progressEvery = progressEvery == null ? Duration.ofSeconds(10) : progressEvery;
        listener = listener == null ? LoadListener.NONE : listener;
    }

    /** Defaults for a target: 12 concurrent, 60 s, loopback only, memory read from the target's /api/diagnostics. */
    public static LoadOptions of(String target) {
        return new LoadOptions(target, DEFAULT_CONCURRENCY, 0, DEFAULT_DURATION, false, false,
                defaultProbe(target), LeakRule.DEFAULT, 0, null, null, null);
    }

    /** The /api/diagnostics probe on the target's host and port. */
    public static MemoryProbe defaultProbe(String target) {
        return new DiagnosticsUrlProbe(URI.create(target.replace("{n}", "0")));
    }

    public LoadOptions withRequests(long n) {
        return new LoadOptions(target, concurrency, n, maxDuration, wsAbort, allowRemote, probe, leakRule, warmup,
                requestTimeout, progressEvery, listener);
    }

    public LoadOptions withDuration(Duration d) {
        return new LoadOptions(target, concurrency, maxRequests, d, wsAbort, allowRemote, probe, leakRule, warmup,
                requestTimeout, progressEvery, listener);
    }

    public LoadOptions withConcurrency(int c) {
        return new LoadOptions(target, c, maxRequests, maxDuration, wsAbort, allowRemote, probe, leakRule, warmup,
                requestTimeout, progressEvery, listener);
    }

    public LoadOptions withWsAbort(boolean abort) {
        return new LoadOptions(target, concurrency, maxRequests, maxDuration, abort, allowRemote, probe, leakRule, warmup,
                requestTimeout, progressEvery, listener);
    }

    public LoadOptions withAllowRemote(boolean allow) {
        return new LoadOptions(target, concurrency, maxRequests, maxDuration, wsAbort, allow, probe, leakRule, warmup,
                requestTimeout, progressEvery, listener);
    }

    public LoadOptions withProbe(MemoryProbe p) {
        return new LoadOptions(target, concurrency, maxRequests, maxDuration, wsAbort, allowRemote, p, leakRule, warmup,
                requestTimeout, progressEvery, listener);
    }

    public LoadOptions withLeakRule(LeakRule rule) {
        return new LoadOptions(target, concurrency, maxRequests, maxDuration, wsAbort, allowRemote, probe, rule, warmup,
                requestTimeout, progressEvery, listener);
    }

    public LoadOptions withWarmup(long n) {
        return new LoadOptions(target, concurrency, maxRequests, maxDuration, wsAbort, allowRemote, probe, leakRule, n,
                requestTimeout, progressEvery, listener);
    }

    public LoadOptions withListener(LoadListener l) {
        return new LoadOptions(target, concurrency, maxRequests, maxDuration, wsAbort, allowRemote, probe, leakRule, warmup,
                requestTimeout, progressEvery, l);
    }

    public LoadOptions withProgressEvery(Duration every) {
        return new LoadOptions(target, concurrency, maxRequests, maxDuration, wsAbort, allowRemote, probe, leakRule, warmup,
                requestTimeout, every, listener);
    }
}

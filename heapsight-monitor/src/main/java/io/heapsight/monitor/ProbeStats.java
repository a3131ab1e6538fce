package io.heapsight.monitor;

import java.time.Duration;

/**
 * The full GCs a monitor ran in the target (--probe-gc) and their cost: each is a stop-the-world pause of the whole
 * application, measured by the collector (its last-GC info).
 *
 * @param interval          how often one was run; null when probing was off
 * @param count             probes run
 * @param totalPauseMillis  sum of their pauses
 * @param maxPauseMillis    the longest
 */
public record ProbeStats(Duration interval, int count, long totalPauseMillis, long maxPauseMillis) {
    public static final ProbeStats NONE = new ProbeStats(null, 0, 0, 0);

    ProbeStats plus(long pauseMillis) {
        return new ProbeStats(interval, count + 1, totalPauseMillis + pauseMillis, Math.max(maxPauseMillis, pauseMillis));
    }

    /** Share of the watched time the target spent stopped in probes, in percent. */
    public double percentOf(double watchedSeconds) {
        return watchedSeconds <= 0 ? 0 : totalPauseMillis / 10.0 / watchedSeconds;
    }
}

package io.heapsight.monitor;

import java.util.List;

/**
 * What a {@link Monitor} has seen so far: its kept samples and GC events (older ones thinned alike) and the verdict
 * they gave. The input of {@link MonitorPage}.
 *
 * @param containerLimit the target's container memory limit in bytes; -1 when there is none
 */
public record MonitorHistory(List<Sample> samples, List<GcEvent> events, long containerLimit, Verdict verdict) {
    public MonitorHistory {
        samples = List.copyOf(samples);
        events = List.copyOf(events);
    }
}

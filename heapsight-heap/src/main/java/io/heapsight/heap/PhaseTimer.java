package io.heapsight.heap;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Prints phase times (wall and CPU of this thread) to stderr when -Dheapsight.timings=true: for profiling, not for
 * users. Every lap is also a JFR event ({@link PhaseEvent}) for flight recordings, timings on or off.
 */
public final class PhaseTimer {
    private static final boolean ON = Boolean.getBoolean("heapsight.timings");
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long last = System.nanoTime();
    private long lastCpu = ON ? threads.getCurrentThreadCpuTime() : 0;
    private PhaseEvent event = begin();

    public void lap(String what) {
        event.phase = what;
        event.commit();
        event = begin();
        if (!ON) return;
        long now = System.nanoTime();
        long cpu = threads.getCurrentThreadCpuTime();
        System.err.printf("heapsight timing: %-26s %6d ms wall %6d ms cpu%n", what, (now - last) / 1_000_000, (cpu - lastCpu) / 1_000_000);
        last = now;
        lastCpu = cpu;
    }

    private static PhaseEvent begin() {
        PhaseEvent e = new PhaseEvent();
        e.begin();
        return e;
    }
}

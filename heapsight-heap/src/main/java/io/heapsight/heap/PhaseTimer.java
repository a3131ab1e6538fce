package io.heapsight.heap;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Prints phase times to stderr when -Dheapsight.timings=true: wall, CPU of this thread, and CPU of the whole process
 * (all threads, system time included: what parallel phases and page faults cost). For profiling, not for users.
 * Every lap is also a JFR event ({@link PhaseEvent}) for flight recordings, timings on or off.
 */
public final class PhaseTimer {
    private static final boolean ON = Boolean.getBoolean("heapsight.timings");
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long last = System.nanoTime();
    private long lastCpu = ON ? threads.getCurrentThreadCpuTime() : 0;
    private long lastProcessCpu = ON ? processCpu() : 0;
    private PhaseEvent event = begin();

    public void lap(String what) {
        event.phase = what;
        event.commit();
        event = begin();
        if (!ON) return;
        long now = System.nanoTime();
        long cpu = threads.getCurrentThreadCpuTime();
        long processCpu = processCpu();
        System.err.printf("heapsight timing: %-26s %6d ms wall %6d ms cpu %6d ms process cpu%n", what, (now - last) / 1_000_000,
                (cpu - lastCpu) / 1_000_000, (processCpu - lastProcessCpu) / 1_000_000);
        last = now;
        lastCpu = cpu;
        lastProcessCpu = processCpu;
    }

    private static long processCpu() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    private static PhaseEvent begin() {
        PhaseEvent e = new PhaseEvent();
        e.begin();
        return e;
    }
}

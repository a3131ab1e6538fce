package io.heapsight.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Memory and CPU figures of a process from /proc (Linux), in KiB / ms; -1 when unknown. */
final class PeakRss {
    private PeakRss() {}

    static long ofSelfKb() {
        return read(Paths.get("/proc/self/status"), "VmHWM:");
    }

    static long ofPidKb(long pid) {
        return read(Paths.get("/proc/" + pid + "/status"), "VmHWM:");
    }

    /**
     * Current anonymous resident memory (RssAnon: heap, GC structures, malloc) of a process, in KiB; -1 when
     * unknown. VmHWM also counts file pages a tool maps (a memory-mapped dump is resident as page cache), so the
     * parent polls this too, to tell the two apart.
     */
    static long anonOfPidKb(long pid) {
        return read(Paths.get("/proc/" + pid + "/status"), "RssAnon:");
    }

    /** CPU time (user + system, all threads) of this process so far, in ms; -1 when unknown. */
    static long cpuMillisOfSelf() {
        try {
            String stat = Files.readString(Paths.get("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // fields from 3 (state) on
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);         // utime (14), stime (15)
            return ticks * 10; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The 1-minute load average, or -1: other work on the machine skews wall times. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Paths.get("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long read(Path status, String key) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // process gone or not Linux
        }
        return -1;
    }
}

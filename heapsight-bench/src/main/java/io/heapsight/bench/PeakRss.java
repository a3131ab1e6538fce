package io.heapsight.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Peak resident set size of a process: VmHWM in /proc/&lt;pid&gt;/status (Linux), in KiB; -1 when unknown. */
final class PeakRss {
    private PeakRss() {}

    static long ofSelfKb() {
        return read(Paths.get("/proc/self/status"));
    }

    static long ofPidKb(long pid) {
        return read(Paths.get("/proc/" + pid + "/status"));
    }

    private static long read(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // process gone or not Linux
        }
        return -1;
    }
}

package io.heapsight.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads what Linux's /proc tells about a local process without touching the process itself
 * (RSS, owner, age, command line). Every method degrades to "unknown" on other systems.
 */
public final class ProcFs {
    private ProcFs() {}

    public static boolean exists(long pid) {
        return Files.isDirectory(Path.of("/proc", Long.toString(pid)));
    }

    /** Resident set size in bytes (VmRSS), or -1 when unknown. */
    public static long rssBytes(long pid) {
        return statusKb(pid, "VmRSS:");
    }

    /**
     * Bytes of the given address range that are resident (the Rss of the mappings that start inside it, from
     * /proc/pid/smaps), or -1 when unknown. The kernel walks the process's page tables to answer: about 10 ms for a
     * small JVM, more for a large resident heap (see docs/monitoring.md).
     */
    public static long residentBytes(long pid, HeapAddressRange range) {
        try (var lines = Files.lines(Path.of("/proc", Long.toString(pid), "smaps"), StandardCharsets.ISO_8859_1)) {
            return residentBytesIn(lines.iterator(), range);
        } catch (IOException | java.io.UncheckedIOException | SecurityException e) {
            return -1;
        }
    }

    /** The smaps parsing of {@link #residentBytes}: Rss summed over the mappings whose start lies in the range. */
    static long residentBytesIn(java.util.Iterator<String> smaps, HeapAddressRange range) {
        long total = 0;
        boolean inside = false;
        boolean sawMapping = false;
        while (smaps.hasNext()) {
            String line = smaps.next();
            int dash = line.indexOf('-');
            int space = line.indexOf(' ');
            if (dash > 0 && space > dash && isHex(line, 0, dash)) {
                // a mapping's header: "start-end perms offset dev inode path"
                sawMapping = true;
                inside = range.contains(Long.parseUnsignedLong(line, 0, dash, 16));
            } else if (inside && line.startsWith("Rss:")) {
                String[] parts = line.substring(4).trim().split("\\s+");
                try {
                    total += Long.parseLong(parts[0]) * 1024;
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return sawMapping ? total : -1;
    }

    private static boolean isHex(String s, int from, int to) {
        if (to - from > 16) return false;
        for (int i = from; i < to; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) return false;
        }
        return true;
    }

    /** Real uid of the process owner, or -1 when unknown. */
    public static long uid(long pid) {
        String line = statusLine(pid, "Uid:");
        if (line == null) return -1;
        String[] parts = line.trim().split("\\s+");
        try {
            return Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The uid of this (heapsight's) process, or -1 when unknown. */
    public static long selfUid() {
        return uid(ProcessHandle.current().pid());
    }

    /** Command line arguments (argv), empty when unknown. */
    public static List<String> cmdline(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            List<String> args = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    args.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            if (start < raw.length) args.add(new String(raw, start, raw.length - start, StandardCharsets.UTF_8));
            return args;
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }

    /** Seconds since the process started, or empty when unknown. */
    public static OptionalLong ageSeconds(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(h -> h.info().startInstant())
                .map(start -> OptionalLong.of(Math.max(0, java.time.Duration.between(start, java.time.Instant.now()).toSeconds())))
                .orElse(OptionalLong.empty());
    }

    /** Executable of the process (resolved /proc/pid/exe), or null when unknown. */
    public static Path executable(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe"));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    /** Number of open file descriptors, or -1 when unknown (other users' processes are not readable). */
    public static long openFds(long pid) {
        try (var s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return s.count();
        } catch (IOException | SecurityException e) {
            return -1;
        }
    }

    /**
     * The memory limit of the cgroup the process runs in (cgroup v2 memory.max, or v1 memory.limit_in_bytes),
     * or -1 when there is none or it cannot be read. Values above 2^60 mean "unlimited" in v1.
     */
    public static long cgroupMemoryLimit(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup"))) {
                String[] parts = line.split(":", 3);
                if (parts.length < 3) continue;
                Path file;
                if (parts[0].equals("0") && parts[1].isEmpty()) {
                    file = Path.of("/sys/fs/cgroup" + parts[2], "memory.max");
                } else if (("," + parts[1] + ",").contains(",memory,")) {
                    file = Path.of("/sys/fs/cgroup/memory" + parts[2], "memory.limit_in_bytes");
                } else {
                    continue;
                }
                if (!Files.isReadable(file)) continue;
                String value = Files.readString(file).trim();
                if (value.equals("max")) return -1;
                long limit = Long.parseLong(value);
                return limit >= (1L << 60) ? -1 : limit;
            }
        } catch (IOException | NumberFormatException | SecurityException e) {
            // unknown
        }
        return -1;
    }

    private static long statusKb(long pid, String key) {
        String line = statusLine(pid, key);
        if (line == null) return -1;
        String[] parts = line.trim().split("\\s+");
        try {
            return Long.parseLong(parts[0]) * 1024;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String statusLine(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(key)) return line.substring(key.length());
            }
        } catch (IOException | SecurityException e) {
            // unknown
        }
        return null;
    }
}

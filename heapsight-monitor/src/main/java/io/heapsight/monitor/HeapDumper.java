package io.heapsight.monitor;

import io.heapsight.common.ByteSize;
import io.heapsight.common.Durations;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Takes heap dumps of a target JVM safely: announces size and pause first, checks free disk, has the target write
 * to a hidden temporary name in the destination directory and then links it to the final name, which fails
 * rather than overwrite an existing file. Uncompressed dumps go through HotSpotDiagnosticMXBean over JMX; gzip
 * dumps through the JDK's jcmd tool (GC.heap_dump -gz), see {@link Jcmd}.
 */
public final class HeapDumper {
    /** HPROF bytes per byte of heap (measured: about 1.4x the shallow heap). */
    static final double HPROF_PER_HEAP_BYTE = 1.4;
    /** gzip level 1 made dumps about 5x smaller. */
    static final double GZIP_RATIO = 5.0;
    /** Conservative dump writing speed (measured 140-350 MB/s); gzip is about 2x slower. */
    static final double WRITE_BYTES_PER_SECOND = 150.0 * 1024 * 1024;
    /** Disk headroom kept free beyond the expected size. */
    static final long HEADROOM = 64L * 1024 * 1024;
    /** A gzip dump of a very large heap takes minutes; the whole jcmd run, output included, is bounded by this. */
    static final Duration JCMD_TIMEOUT = Duration.ofMinutes(10);

    private HeapDumper() {}

    /**
     * What a dump will cost, worked out before taking it.
     *
     * @param heapBytes            heap bytes the dump will cover (live set when known and live=true)
     * @param expectedBytes        expected file size
     * @param expectedPauseSeconds expected time the target is stopped while writing (plus a full GC when live)
     * @param freeBytes            usable space on the destination's file system
     */
    public record Plan(Path out, boolean live, int gzipLevel, long heapBytes, long expectedBytes,
                       double expectedPauseSeconds, long freeBytes) {
        public String announcement() {
            return String.format("dumping %s heap (%s) to %s: expect ~%s%s and a pause of ~%s%s",
                    live ? "live" : "whole", ByteSize.formatOrUnknown(heapBytes), out, ByteSize.formatOrUnknown(expectedBytes),
                    gzipLevel > 0 ? " (gzip " + gzipLevel + ")" : "", Durations.humanSeconds(Math.max(1, expectedPauseSeconds)),
                    live ? " after a full GC" : "");
        }
    }

    /** Checks the destination and disk space; throws {@link DumpException} with the reason when the dump must not be taken. */
    public static Plan plan(JvmTarget target, Path out, boolean live, int gzipLevel) {
        if (gzipLevel < 0 || gzipLevel > 9) throw new DumpException(DumpException.Reason.BAD_PATH, "gzip level must be 0..9, got " + gzipLevel);
        Path abs = out.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new DumpException(DumpException.Reason.BAD_PATH, "directory does not exist: " + dir);
        }
        if (!Files.isWritable(dir)) throw new DumpException(DumpException.Reason.BAD_PATH, "directory is not writable: " + dir);
        if (Files.exists(abs)) {
            throw new DumpException(DumpException.Reason.EXISTS, "will not overwrite " + abs + "; choose another --out");
        }
        if (gzipLevel == 0 && !abs.getFileName().toString().endsWith(".hprof")) {
            throw new DumpException(DumpException.Reason.BAD_PATH, "an uncompressed dump's name must end in .hprof: " + abs);
        }
        long used = target.heapUsedBytes();
        long liveKnown = target.liveSetAfterGcBytes();
        long heap = live && liveKnown > 0 ? Math.min(used, liveKnown) : used;
        double hprof = heap * HPROF_PER_HEAP_BYTE;
        long expected = (long) (gzipLevel > 0 ? hprof / GZIP_RATIO : hprof);
        double pause = hprof / WRITE_BYTES_PER_SECOND * (gzipLevel > 0 ? 2 : 1);
        long free;
        try {
            free = Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            throw new DumpException(DumpException.Reason.BAD_PATH, "cannot read free space of " + dir + ": " + e.getMessage(), e);
        }
        if (free < expected + HEADROOM) {
            throw new DumpException(DumpException.Reason.NO_SPACE, "not enough disk space in " + dir + ": the dump needs ~"
                    + ByteSize.formatOrUnknown(expected) + " (+" + ByteSize.formatOrUnknown(HEADROOM) + " headroom), " + ByteSize.formatOrUnknown(free) + " free");
        }
        return new Plan(abs, live, gzipLevel, heap, expected, pause, free);
    }

    public static DumpResult execute(JvmTarget target, Plan plan) {
        Path dir = plan.out().getParent();
        String tmpName = "." + plan.out().getFileName() + "." + UUID.randomUUID().toString().substring(0, 8) + ".tmp.hprof";
        Path tmp = dir.resolve(tmpName);
        long start = System.nanoTime();
        try {
            if (plan.gzipLevel() > 0) {
                dumpWithJcmd(target, tmp, plan.live(), plan.gzipLevel());
            } else {
                target.dumpHeapViaJmx(tmp.toString(), plan.live());
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (!Files.isRegularFile(tmp) || Files.size(tmp) == 0) {
                throw new DumpException(DumpException.Reason.FAILED, "the target wrote no dump file (" + tmp + ")");
            }
            publish(tmp, plan.out());
            return new DumpResult(plan.out(), Files.size(plan.out()), took);
        } catch (DumpException e) {
            throw e;
        } catch (FileAlreadyExistsException e) {
            throw new DumpException(DumpException.Reason.EXISTS, "will not overwrite " + plan.out() + " (created meanwhile)", e);
        } catch (IOException | RuntimeException e) {
            throw new DumpException(DumpException.Reason.FAILED, "heap dump of pid " + target.pid() + " failed: "
                    + JvmTarget.rootMessage(e), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // best effort: a hidden temp file stays behind
            }
        }
    }

    /** Plans and takes a dump; see {@link #plan} for what is checked first. */
    public static DumpResult dump(JvmTarget target, Path out, boolean live, int gzipLevel) {
        return execute(target, plan(target, out, live, gzipLevel));
    }

    /** Attaches to pid, takes one dump and detaches. */
    public static DumpResult dump(long pid, Path out, boolean live, int gzipLevel) {
        try (JvmTarget target = JvmTarget.attach(pid)) {
            return dump(target, out, live, gzipLevel);
        }
    }

    /** A name in dir that does not exist yet: base.ext, base-2.ext, base-3.ext, ... */
    public static Path uniquePath(Path dir, String base, String ext) {
        Path p = dir.resolve(base + ext);
        for (int i = 2; Files.exists(p); i++) p = dir.resolve(base + "-" + i + ext);
        return p;
    }

    /** Atomic and never overwriting: a hard link fails if the name exists; a move is the fallback where links are not supported. */
    private static void publish(Path tmp, Path out) throws IOException {
        try {
            Files.createLink(out, tmp);
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            if (e instanceof FileAlreadyExistsException fae) throw fae;
            if (Files.exists(out)) throw new FileAlreadyExistsException(out.toString());
            Files.move(tmp, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static void dumpWithJcmd(JvmTarget target, Path tmp, boolean live, int gzipLevel) throws IOException {
        if (!target.local()) {
            throw new DumpException(DumpException.Reason.FAILED, "gzip dumps need a local pid (jcmd); over remote JMX use --gz 0");
        }
        if (!Jcmd.available()) {
            throw new DumpException(DumpException.Reason.FAILED, "gzip dumps need the jcmd tool of a JDK (" + Jcmd.tool() + " not found); use --gz 0");
        }
        List<String> args = new ArrayList<>();
        if (!live) args.add("-all");
        args.add("-gz=" + gzipLevel);
        args.add(tmp.toString());
        Jcmd.Result r;
        try {
            r = Jcmd.run(target.pid(), JCMD_TIMEOUT, "GC.heap_dump", args.toArray(String[]::new));
        } catch (IOException e) {
            throw new DumpException(DumpException.Reason.FAILED, e.getMessage(), e);
        }
        if (r.exitCode() != 0 || !r.output().contains("Heap dump file created")) {
            throw new DumpException(DumpException.Reason.FAILED, "jcmd GC.heap_dump failed: " + r.lastLine());
        }
    }
}

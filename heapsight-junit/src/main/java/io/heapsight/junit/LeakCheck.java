package io.heapsight.junit;

import io.heapsight.analysis.diff.DiffOptions;
import io.heapsight.analysis.diff.DiffReport;
import io.heapsight.analysis.diff.HeapDiff;
import io.heapsight.analysis.diff.HolderDiff;
import io.heapsight.common.ByteSize;
import io.heapsight.heap.DumpFiles;
import io.heapsight.heap.Progress;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs an action many times and fails when the live set (heap after a full GC) grows by more than a limit. On
 * failure it does not stop at "memory grew": it dumps the heap, runs the action as many times again, dumps again,
 * compares the two dumps by holder and names the field that grows in the assertion message.
 *
 * <pre>{@code
 * HeapAssertions.leakCheck().iterations(2_000).maxGrowth(512 * 1024).run(() -> service.handle(request()));
 * }</pre>
 */
public final class LeakCheck {
    private int warmup = -1;
    private int iterations = 1_000;
    private long maxGrowthBytes = 1 << 20;
    private Path dumpDir;
    private boolean keepDumps;

    LeakCheck() {}

    /** Runs of the action measured (default 1,000). */
    public LeakCheck iterations(int n) {
        if (n < 1) throw new IllegalArgumentException("iterations must be at least 1");
        this.iterations = n;
        return this;
    }

    /** Runs before the first measurement, so caches and class loading settle (default: a tenth of the iterations, at least 10). */
    public LeakCheck warmup(int n) {
        if (n < 0) throw new IllegalArgumentException("warmup must not be negative");
        this.warmup = n;
        return this;
    }

    /** Live-set growth tolerated over the measured runs (default 1 MB). */
    public LeakCheck maxGrowth(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("maxGrowth must not be negative");
        this.maxGrowthBytes = bytes;
        return this;
    }

    /** Where the two evidence dumps go when the check fails (default: a temporary folder). */
    public LeakCheck dumpDir(Path dir) {
        this.dumpDir = dir;
        return this;
    }

    /** Keep the evidence dumps (default: deleted once compared). */
    public LeakCheck keepDumps(boolean keep) {
        this.keepDumps = keep;
        return this;
    }

    public void run(HeapAssertions.Action action) {
        try {
            int w = warmup >= 0 ? warmup : Math.max(10, iterations / 10);
            repeat(action, w);
            long before = liveSetBytes();
            repeat(action, iterations);
            long after = liveSetBytes();
            long growth = after - before;
            if (growth <= maxGrowthBytes) return;
            throw new AssertionFailedError(explain(action, before, after));
        } catch (AssertionFailedError e) {
            throw e;
        } catch (Throwable t) {
            if (t instanceof Error err) throw err;
            throw new AssertionFailedError("the action failed during the leak check: " + t, t);
        }
    }

    private String explain(HeapAssertions.Action action, long before, long after) throws Throwable {
        long growth = after - before;
        StringBuilder msg = new StringBuilder(String.format(
                "live set grew by %s over %,d runs (%s per run; limit %s): %s → %s",
                ByteSize.format(growth), iterations, ByteSize.format(growth / iterations), ByteSize.format(maxGrowthBytes),
                ByteSize.format(before), ByteSize.format(after)));
        Path dir = dumpDir != null ? Files.createDirectories(dumpDir) : Files.createTempDirectory("heapsight-leakcheck");
        Path first = dir.resolve("leakcheck-" + System.nanoTime() + "-1.hprof");
        Path second = dir.resolve("leakcheck-" + System.nanoTime() + "-2.hprof");
        try {
            dump(first);
            repeat(action, iterations);
            dump(second);
            DiffReport diff = HeapDiff.compare(List.of(first, second),
                    DiffOptions.defaults().withMinGrowthBytes(Math.max(64 * 1024, Math.min(maxGrowthBytes, growth / 2))), Progress.NONE);
            List<HolderDiff> growing = diff.growing();
            if (growing.isEmpty()) {
                msg.append("\nno single holder grew beyond noise between two dumps ").append(iterations)
                        .append(" runs apart (growth spread over many places, or it stopped)");
            }
            for (HolderDiff h : growing.subList(0, Math.min(3, growing.size()))) {
                msg.append(String.format("%n  grows: %s  +%s, +%,d × %s in %s", h.suspect().holder(), ByteSize.format(h.growthBytes()),
                        h.growthCount(), h.suspect().accumulatedClass(), h.suspect().accumulationPointClass()));
            }
            if (keepDumps) msg.append("\n  dumps: ").append(first).append(", ").append(second);
        } finally {
            if (!keepDumps) {
                for (Path p : List.of(first, second)) {
                    DumpFiles.deleteDerived(p);
                    Files.deleteIfExists(p);
                }
                if (dumpDir == null) Files.deleteIfExists(dir);
            }
        }
        return msg.toString();
    }

    private static void repeat(HeapAssertions.Action action, int n) throws Throwable {
        for (int i = 0; i < n; i++) action.run();
    }

    /** Heap used after full collections: the lowest of three, so a collection that ran short does not count. */
    static long liveSetBytes() {
        long best = Long.MAX_VALUE;
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            best = Math.min(best, memory.getHeapMemoryUsage().getUsed());
        }
        return best;
    }

    private static void dump(Path file) throws IOException {
        var bean = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        bean.dumpHeap(file.toString(), true);
    }
}

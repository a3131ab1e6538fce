package io.heapsight.agent;

import io.heapsight.common.ByteSize;
import io.heapsight.monitor.DumpException;
import io.heapsight.monitor.DumpResult;
import io.heapsight.monitor.DumpThreshold;
import io.heapsight.monitor.HeapDumper;
import io.heapsight.monitor.JvmTarget;
import io.heapsight.monitor.Monitor;
import io.heapsight.monitor.Sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The agent's threshold dump: the monitor's "dump at P%, re-arm below R%" ({@link DumpThreshold}, measured after GC
 * by {@link Monitor#thresholdLevel}), written by the monitor's {@link HeapDumper}, plus what a process that runs for
 * months needs: a cooldown between dumps (each one pauses the application) and retention of the newest dumps in
 * the directory, counting those an earlier run of the application left there.
 */
final class DumpTrigger {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    /** The names this trigger gives its dumps (and only those are ever deleted by retention). */
    static final Pattern OURS = Pattern.compile("heapsight-\\d+-\\d{8}-\\d{6}-at\\d+pct(-\\d+)?\\.hprof");

    private final JvmTarget target;
    private final DumpThreshold at;
    private final Path dir;
    private final long cooldownNanos;
    private final int keep;
    private final long containerLimit;
    private final Consumer<String> log;
    private boolean armed = true;
    private long lastDumpNanos;
    private boolean dumpedOnce;

    DumpTrigger(JvmTarget target, AgentOptions options, long containerLimit, Consumer<String> log) {
        this.target = target;
        this.at = options.dumpAt();
        this.dir = options.dumpDir().toAbsolutePath();
        this.cooldownNanos = options.cooldown().toNanos();
        this.keep = options.keep();
        this.containerLimit = containerLimit;
        this.log = log;
    }

    /** Checks the sample against the threshold; returns the dump taken, if any. */
    DumpResult check(Sample s) {
        double level = Monitor.thresholdLevel(s, at, containerLimit);
        if (Double.isNaN(level)) return null;
        if (!armed) {
            if (level < at.rearmPercent()) {
                armed = true;
                log.accept(String.format("dump threshold re-armed: %.1f%% < %.0f%%", level, at.rearmPercent()));
            }
            return null;
        }
        if (level < at.percent()) return null;
        long now = System.nanoTime();
        if (dumpedOnce && now - lastDumpNanos < cooldownNanos) return null;
        log.accept(String.format("threshold reached: %.1f%% of %s >= %.0f%%", level,
                at.base() == DumpThreshold.Base.HEAP ? "max heap after GC" : "container limit", at.percent()));
        Path out = HeapDumper.uniquePath(dir, "heapsight-" + target.pid() + "-" + LocalDateTime.now().format(STAMP)
                + "-at" + Math.round(at.percent()) + "pct", ".hprof");
        try {
            HeapDumper.Plan plan = HeapDumper.plan(target, out, true, 0);
            log.accept(plan.announcement());
            DumpResult r = HeapDumper.execute(target, plan);
            log.accept(String.format("dump written: %s (%s in %.1f s)", r.path(), ByteSize.format(r.sizeBytes()),
                    r.took().toMillis() / 1000.0));
            armed = false;
            dumpedOnce = true;
            lastDumpNanos = System.nanoTime();
            prune();
            return r;
        } catch (DumpException e) {
            // a full disk or a missing directory must not stop the monitoring; try again after the cooldown
            log.accept("dump skipped: " + e.getMessage());
            dumpedOnce = true;
            lastDumpNanos = System.nanoTime();
            return null;
        }
    }

    /** Deletes all but the newest {@code keep} of our dumps in the directory. */
    private void prune() {
        List<Path> ours = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> OURS.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p)).forEach(ours::add);
        } catch (IOException e) {
            log.accept("cannot list " + dir + " for retention: " + e.getMessage());
            return;
        }
        ours.sort(Comparator.comparing(DumpTrigger::modified).reversed());
        for (Path old : ours.subList(Math.min(keep, ours.size()), ours.size())) {
            try {
                Files.deleteIfExists(old);
                log.accept("removed older dump " + old + " (keep=" + keep + ")");
            } catch (IOException e) {
                log.accept("could not remove older dump " + old + ": " + e.getMessage());
            }
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return Long.MAX_VALUE;      // unreadable: treat as new, never delete what we cannot date
        }
    }
}

package io.heapsight.monitor;

import io.heapsight.common.ByteSize;
import io.heapsight.common.ClassHistogram;
import io.heapsight.common.Durations;
import io.heapsight.common.LeakVerdict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Samples a {@link JvmTarget} at a fixed interval, keeps the live-set verdict up to date and fires the evidence
 * triggers (threshold dumps, periodic dumps, class histograms). Runs on the calling thread; {@link #stop()} ends
 * it early from another thread (Ctrl-C).
 */
public final class Monitor {
    /** Beyond this many samples (or GC events) the older half is thinned, so a monitor can run for weeks. */
    static final int MAX_KEPT = 20_000;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final String JFR_NAME = "heapsight-old-objects";

    private final JvmTarget target;
    private final MonitorSettings settings;
    private final List<Sample> samples = new ArrayList<>();
    private final List<GcEvent> events = new ArrayList<>();
    private final List<DumpResult> dumps = new ArrayList<>();
    private final Deque<Path> periodicDumps = new ArrayDeque<>();
    private final List<Path> histogramFiles = new ArrayList<>();
    private volatile boolean stopped;
    private ClassHistogram firstHistogram;
    private ClassHistogram lastHistogram;
    private boolean thresholdArmed = true;
    private long nextPeriodicDump = Long.MAX_VALUE;
    private long nextHistogram = Long.MAX_VALUE;
    private long containerLimit = -1;
    private boolean nmt;
    private int maxKept = MAX_KEPT;
    private long nextProbe = Long.MAX_VALUE;
    private ProbeStats probes = ProbeStats.NONE;
    private boolean fewGcsWarned;
    private Verdict latest = Verdict.inconclusive(0, 0, "not enough samples yet");

    public Monitor(JvmTarget target, MonitorSettings settings) {
        this.target = target;
        this.settings = settings;
    }

    /** Runs for the given time (null = until {@link #stop()}) and returns the final verdict. */
    public MonitorResult run(Duration duration) {
        return run(duration, MonitorListener.NONE);
    }

    /** Attaches to pid, monitors it for the given time and detaches. */
    public static MonitorResult run(long pid, Duration duration, MonitorSettings settings) {
        try (JvmTarget target = JvmTarget.attach(pid)) {
            return new Monitor(target, settings).run(duration, MonitorListener.NONE);
        }
    }

    /** Keeps at most about this many samples (older ones thinned); inside the watched JVM memory is the application's. */
    public Monitor keepAtMost(int samples) {
        if (samples < 100) throw new IllegalArgumentException("keep at least 100 samples");
        this.maxKept = samples;
        return this;
    }

    /** The samples, GC events and verdict so far (older ones thinned), copied: safe to call from any thread. */
    public synchronized MonitorHistory history() {
        return new MonitorHistory(List.copyOf(samples), List.copyOf(events), containerLimit, latest);
    }

    public void stop() {
        stopped = true;
    }

    public MonitorResult run(Duration duration, MonitorListener listener) {
        long intervalNanos = settings.interval().toNanos();
        long startNanos = System.nanoTime();
        long endNanos = duration == null ? Long.MAX_VALUE : startNanos + duration.toNanos();
        containerLimit = target.containerMemoryLimit();
        Verdict verdict = Verdict.inconclusive(0, 0, "not enough samples yet");
        String lost = null;
        Path jfr = null;
        if (settings.probeGc() != null) {
            probes = new ProbeStats(settings.probeGc(), 0, 0, 0);
            nextProbe = startNanos;     // the first probe gives the baseline
        }
        try {
            start(listener, startNanos);
            long next = startNanos;
            int failures = 0;
            while (!stopped) {
                Sample s;
                try {
                    if (System.nanoTime() >= nextProbe) probe(listener);
                    s = target.sample();
                    failures = 0;
                } catch (RuntimeException e) {
                    // a dead connection ends the run; anything else gets two more chances on the next ticks
                    if (isConnectionLoss(e) || ++failures >= 3 || !target.alive()) throw e;
                    listener.onMessage("sample failed (" + JvmTarget.rootMessage(e) + "); retrying");
                    s = null;
                }
                if (s == null) {
                    sleepNanos(intervalNanos);
                    continue;
                }
                synchronized (this) {       // history() may copy from another thread (the agent's /report)
                    samples.add(s);
                    events.addAll(s.gcEvents());
                    thin(samples, maxKept);
                    thin(events, maxKept);
                    verdict = VerdictEngine.evaluate(samples, events, containerLimit, warmup());
                    latest = verdict;
                }
                listener.onSample(s, verdict);
                warnIfTooFewGcs(verdict, duration, listener);
                fireTriggers(s, listener);
                long now = System.nanoTime();
                if (now >= endNanos || Thread.currentThread().isInterrupted()) break;
                next += intervalNanos;
                if (next < now) next = now;           // a slow dump delayed us: do not burst to catch up
                long sleep = Math.min(next, endNanos) - now;
                if (sleep > 0) sleepNanos(sleep);
            }
        } catch (RuntimeException e) {
            if (samples.isEmpty() && !isConnectionLoss(e) && target.alive()) throw e;
            lost = target.alive() ? "stopped answering (" + JvmTarget.rootMessage(e) + ")" : "exited";
        }
        String nmtDiff = "";
        if (lost == null) {
            if (settings.histogramEvery() != null) takeHistogram(listener);
            if (nmt) nmtDiff = safely(() -> target.diagnosticCommand("vmNativeMemory", "summary.diff"), listener);
            if (settings.jfrOldObjects()) jfr = dumpJfr(listener);
        }
        List<ClassHistogram.Growth> growth = firstHistogram != null && lastHistogram != null && firstHistogram != lastHistogram
                ? lastHistogram.growthSince(firstHistogram, 20) : List.of();
        return new MonitorResult(verdict, samples.size(), samples.isEmpty() ? null : samples.get(0),
                samples.isEmpty() ? null : samples.get(samples.size() - 1), List.copyOf(dumps), List.copyOf(histogramFiles), growth,
                nmtDiff == null ? "" : nmtDiff, jfr, lost, probes);
    }

    /** A full GC in the target: a clean live-set point for the verdict (its event arrives with the next sample). */
    private void probe(MonitorListener listener) {
        long start = System.nanoTime();
        GcEvent gc = target.forceGc();
        long callMillis = (System.nanoTime() - start) / 1_000_000;
        nextProbe = System.nanoTime() + settings.probeGc().toNanos();
        if (gc == null) {
            listener.onMessage("probe GC: no collection reported within 10 s (is -XX:+DisableExplicitGC set?)");
            return;
        }
        probes = probes.plus(gc.durationMillis());
        listener.onMessage(String.format("probe GC #%d: %s, pause %d ms (call %d ms), old gen after %s", probes.count(),
                gc.collector(), gc.durationMillis(), callMillis, ByteSize.format(gc.oldAfter())));
    }

    /** With probes, a warm-up longer than one probe interval only throws clean points away. */
    private Duration warmup() {
        if (settings.warmup() != null || settings.probeGc() == null || samples.size() < 2) return settings.warmup();
        double elapsed = (samples.get(samples.size() - 1).uptimeMillis() - samples.get(0).uptimeMillis()) / 1000.0;
        double seconds = Math.min(VerdictEngine.autoWarmupSeconds(elapsed), settings.probeGc().toMillis() / 1000.0);
        return Duration.ofMillis((long) (seconds * 1000));
    }

    /**
     * Once, after the first minute: when the target collects so rarely that the verdict cannot be reached in the time
     * watched (or the next five minutes), says so and names --probe-gc, rather than ending "inconclusive" much later.
     */
    private void warnIfTooFewGcs(Verdict verdict, Duration duration, MonitorListener listener) {
        if (fewGcsWarned || settings.probeGc() != null || verdict.kind() != LeakVerdict.INCONCLUSIVE) return;
        double elapsed = (samples.get(samples.size() - 1).uptimeMillis() - samples.get(0).uptimeMillis()) / 1000.0;
        if (elapsed < 60) return;
        fewGcsWarned = true;
        long old = events.stream().filter(GcEvent::collectedOldGen).count();
        double horizon = duration != null ? duration.toSeconds() : elapsed + 300;
        double expectedGcs = events.size() / elapsed * horizon;
        double expectedOld = old / elapsed * horizon;
        if (expectedGcs >= 2 * VerdictEngine.MIN_POINTS && expectedOld >= VerdictEngine.MIN_POINTS) return;
        listener.onMessage(String.format("only %d GCs (%d of the old generation) in the first %.0f s: at this rate the %s"
                        + " will not hold enough collections to judge the live set; --probe-gc 15s runs a full GC every 15 s"
                        + " for a clean point each (a stop-the-world pause, shown and counted)", events.size(), old, elapsed,
                duration != null ? Durations.humanSeconds(duration.toSeconds()) + " watched" : "next 5 minutes"));
    }

    private void start(MonitorListener listener, long startNanos) {
        String nmtState = safely(() -> target.diagnosticCommand("vmNativeMemory", "baseline"), null);
        nmt = nmtState != null && nmtState.toLowerCase(java.util.Locale.ROOT).contains("baseline")
                && !nmtState.contains("not enabled");
        if (settings.dumpAt() != null && settings.dumpAt().base() == DumpThreshold.Base.CONTAINER && containerLimit <= 0) {
            listener.onMessage("no container memory limit found for pid " + target.pid() + ": --dump-at "
                    + Math.round(settings.dumpAt().percent()) + "%container will not fire");
        }
        if (settings.dumpEvery() != null) nextPeriodicDump = startNanos + settings.dumpEvery().toNanos();
        if (settings.histogramEvery() != null) {
            takeHistogram(listener);
            nextHistogram = startNanos + settings.histogramEvery().toNanos();
        }
        if (settings.jfrOldObjects()) {
            String out = safely(() -> target.diagnosticCommand("jfrStart", "name=" + JFR_NAME, "settings=profile",
                    "path-to-gc-roots=true"), listener);
            if (out != null) listener.onMessage("JFR recording '" + JFR_NAME + "' started in the target (OldObjectSample on)");
        }
    }

    private void fireTriggers(Sample s, MonitorListener listener) {
        DumpThreshold at = settings.dumpAt();
        if (at != null) {
            double level = thresholdLevel(s, at, containerLimit);
            if (!Double.isNaN(level)) {
                if (thresholdArmed && level >= at.percent()) {
                    listener.onMessage(String.format("threshold reached: %.1f%% of %s >= %.0f%%", level,
                            at.base() == DumpThreshold.Base.HEAP ? "max heap after GC" : "container limit", at.percent()));
                    if (takeDump("at" + Math.round(at.percent()) + "pct", listener) != null) thresholdArmed = false;
                } else if (!thresholdArmed && level < at.rearmPercent()) {
                    thresholdArmed = true;
                    listener.onMessage(String.format("threshold re-armed: %.1f%% < %.0f%%", level, at.rearmPercent()));
                }
            }
        }
        long now = System.nanoTime();
        if (now >= nextPeriodicDump) {
            DumpResult r = takeDump("periodic", listener);
            if (r != null) {
                periodicDumps.addLast(r.path());
                while (periodicDumps.size() > settings.keep()) {
                    Path old = periodicDumps.removeFirst();
                    try {
                        Files.deleteIfExists(old);
                        listener.onMessage("removed older periodic dump " + old + " (--keep " + settings.keep() + ")");
                    } catch (IOException e) {
                        listener.onMessage("could not remove older dump " + old + ": " + e.getMessage());
                    }
                }
            }
            nextPeriodicDump = System.nanoTime() + settings.dumpEvery().toNanos();
        }
        if (now >= nextHistogram) {
            takeHistogram(listener);
            nextHistogram = System.nanoTime() + settings.histogramEvery().toNanos();
        }
    }

    /** Percent of the threshold's base: post-GC heap of max heap, or RSS of the container limit; NaN when unknown. */
    public static double thresholdLevel(Sample s, DumpThreshold at, long containerLimit) {
        return switch (at.base()) {
            case HEAP -> s.heapAfterLastGc() >= 0 && s.heapMax() > 0 ? s.heapAfterLastGc() * 100.0 / s.heapMax() : Double.NaN;
            case CONTAINER -> s.rssBytes() >= 0 && containerLimit > 0 ? s.rssBytes() * 100.0 / containerLimit : Double.NaN;
        };
    }

    private DumpResult takeDump(String why, MonitorListener listener) {
        String ext = settings.gzipLevel() > 0 ? ".hprof.gz" : ".hprof";
        Path out = HeapDumper.uniquePath(settings.outDir().toAbsolutePath(),
                "heapsight-" + target.pid() + "-" + LocalDateTime.now().format(STAMP) + "-" + why, ext);
        try {
            HeapDumper.Plan plan = HeapDumper.plan(target, out, true, settings.gzipLevel());
            listener.onMessage(plan.announcement());
            DumpResult r = HeapDumper.execute(target, plan);
            dumps.add(r);
            listener.onMessage(String.format("dump written: %s (%s in %.1f s)", r.path(), ByteSize.formatOrUnknown(r.sizeBytes()),
                    r.took().toMillis() / 1000.0));
            return r;
        } catch (DumpException e) {
            listener.onMessage("dump skipped: " + e.getMessage());
            return null;
        }
    }

    private void takeHistogram(MonitorListener listener) {
        String text = safely(() -> target.diagnosticCommand("gcClassHistogram"), listener);
        if (text == null) return;
        ClassHistogram h;
        try {
            h = ClassHistogram.parse(text);
        } catch (IllegalArgumentException e) {
            listener.onMessage("class histogram skipped: " + e.getMessage());
            return;
        }
        if (firstHistogram == null) firstHistogram = h;
        lastHistogram = h;
        Path out = HeapDumper.uniquePath(settings.outDir().toAbsolutePath(),
                "heapsight-" + target.pid() + "-" + LocalDateTime.now().format(STAMP) + "-histogram", ".txt");
        try {
            io.heapsight.hprof.SafeFiles.saveText(out, text, io.heapsight.hprof.SafeFiles.Options.fresh());
            histogramFiles.add(out);
        } catch (IOException e) {
            listener.onMessage("could not write class histogram " + out + ": " + e.getMessage());
        }
    }

    private Path dumpJfr(MonitorListener listener) {
        Path out = HeapDumper.uniquePath(settings.outDir().toAbsolutePath(),
                "heapsight-" + target.pid() + "-" + LocalDateTime.now().format(STAMP) + "-old-objects", ".jfr");
        Path tmp = out.resolveSibling("." + out.getFileName() + "." + java.util.UUID.randomUUID().toString().substring(0, 8) + ".tmp.jfr");
        try {
            String r = safely(() -> target.diagnosticCommand("jfrDump", "name=" + JFR_NAME, "filename=" + tmp,
                    "path-to-gc-roots=true"), listener);
            safely(() -> target.diagnosticCommand("jfrStop", "name=" + JFR_NAME), listener);
            if (r == null || !Files.isRegularFile(tmp)) return null;
            Files.createLink(out, tmp);
            listener.onMessage("JFR old-object samples with reference chains: " + out + " (jfr print --events OldObjectSample)");
            return out;
        } catch (IOException e) {
            listener.onMessage("could not save the JFR recording: " + e.getMessage());
            return null;
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // hidden temp file stays
            }
        }
    }

    private static String safely(java.util.function.Supplier<String> action, MonitorListener listener) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            if (listener != null) listener.onMessage(e.getMessage());
            return null;
        }
    }

    private static boolean isConnectionLoss(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) return true;
        }
        return false;
    }

    /** Keeps lists bounded: beyond max, every other element of the older half goes. */
    static <T> void thin(List<T> list, int max) {
        if (list.size() <= max) return;
        int half = list.size() / 2;
        List<T> kept = new ArrayList<>(list.size());
        for (int i = 0; i < half; i += 2) kept.add(list.get(i));
        kept.addAll(list.subList(half, list.size()));
        list.clear();
        list.addAll(kept);
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));  // Java 17: no sleep(Duration)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

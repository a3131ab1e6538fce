package io.heapsight.cli;

import io.heapsight.analysis.diff.DiffOptions;
import io.heapsight.analysis.diff.DiffReport;
import io.heapsight.analysis.diff.HeapDiff;
import io.heapsight.analysis.diff.HolderDiff;
import io.heapsight.common.ByteSize;
import io.heapsight.common.Durations;
import io.heapsight.heap.Progress;
import io.heapsight.hprof.SafeFiles;
import io.heapsight.load.LoadDriver;
import io.heapsight.load.LoadOptions;
import io.heapsight.load.LoadResult;
import io.heapsight.monitor.DumpResult;
import io.heapsight.monitor.GcEvent;
import io.heapsight.monitor.HeapDumper;
import io.heapsight.monitor.JvmTarget;
import io.heapsight.report.InvestigationReport;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole investigation against one running JVM: dump, drive load (or wait), dump again, ..., then diff the dumps
 * and name the holder that grows. Writes the dumps and the reports into one folder.
 */
final class Investigation {

    /** What to do between two dumps. */
    interface Round {
        /** Runs one round of load or waiting. */
        RoundResult run(int round) throws Exception;
    }

    /** A one-line account for the log, and the requests sent (-1 when none were counted). */
    record RoundResult(String account, long requests) {}

    record Outcome(DiffReport diff, InvestigationReport.Run run, Path htmlReport, Path jsonReport, List<Path> dumps) {}

    /** The target exited (or stopped answering) mid-run; the dumps taken until then are kept. */
    static final class TargetLostException extends Exception {
        final List<Path> dumps;

        TargetLostException(String message, List<Path> dumps, Throwable cause) {
            super(message, cause);
            this.dumps = List.copyOf(dumps);
        }
    }

    private final long pid;
    private final Path outDir;
    private final int dumps;
    private final PrintStream log;
    private final String targetName;
    private final String loadUrl;

    Investigation(long pid, Path outDir, int dumps, PrintStream log, String targetName, String loadUrl) {
        this.pid = pid;
        this.outDir = outDir;
        this.dumps = dumps;
        this.log = log;
        this.targetName = targetName;
        this.loadUrl = loadUrl;
    }

    Outcome run(Round between, int top) throws Exception {
        Files.createDirectories(outDir);
        List<Path> files = new ArrayList<>();
        List<long[]> taken = new ArrayList<>();     // {wall-clock ms, requests so far, live set after the dump's GC}
        long requests = loadUrl != null ? 0 : -1;      // counted only when heapsight drives the load
        int step;
        JvmTarget attached = JvmTarget.attach(pid);     // an attach failure is reported as such, not as a lost target
        try (JvmTarget target = attached) {
            for (step = 1; step <= dumps; step++) {
                if (step > 1) {
                    RoundResult r = between.run(step - 1);
                    log.println("  " + r.account());
                    requests = requests < 0 || r.requests() < 0 ? -1 : requests + r.requests();
                }
                if (!alive()) throw new IllegalStateException("exited");
                Path file = outDir.resolve(String.format("dump-%d.hprof", step));
                GcEvent before = target.refreshLastGc();
                long start = System.nanoTime();
                long at = System.currentTimeMillis();
                DumpResult r = HeapDumper.dump(target, file, true, 0);
                files.add(r.path());
                // a live dump runs a full GC first: its after-GC heap is the live set at this dump
                GcEvent gc = target.refreshLastGc();
                long live = gc != null && gc != before && gc.fullCollection() ? gc.heapAfter() : -1;
                taken.add(new long[]{at, requests, live});
                log.printf("  dump %d/%d: %s, %.1f MB, took %.1f s (live set after its full GC %s)%n", step, dumps,
                        r.path().getFileName(), r.sizeBytes() / 1048576.0, (System.nanoTime() - start) / 1e9,
                        live < 0 ? "not reported" : String.format("%.1f MB", live / 1048576.0));
            }
        } catch (Exception e) {
            // a killed target breaks the connection a moment before the OS reports it gone: give it that moment
            if (aliveAfter(3_000)) throw e;
            throw new TargetLostException(String.format("target pid %d exited after %d of %d dumps", pid, files.size(), dumps), files, e);
        }
        log.println("  comparing " + files.size() + " dumps ...");
        DiffReport diff = HeapDiff.compare(files, DiffOptions.defaults().withTop(top), Progress.NONE);
        List<InvestigationReport.Step> steps = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            DiffReport.DumpEntry d = diff.dumps().get(i);
            long stamp = d.info().timestampMillis() > 0 ? d.info().timestampMillis() : taken.get(i)[0];
            steps.add(new InvestigationReport.Step(i + 1, files.get(i).getFileName().toString(), stamp, taken.get(i)[1],
                    taken.get(i)[2], d.reachableBytes()));
        }
        InvestigationReport.Run run = new InvestigationReport.Run(targetName, loadUrl, steps);
        Path html = outDir.resolve("report.html");
        Path json = outDir.resolve("report.json");
        // new names only, as private as the dumps they describe
        SafeFiles.Options reports = SafeFiles.Options.outputOf(files.toArray(Path[]::new)).noReplace();
        writeReport(html, InvestigationReport.html(run, diff, top), reports);
        writeReport(json, InvestigationReport.json(run, diff, top), reports);
        writeReport(outDir.resolve("report.txt"), InvestigationReport.text(run, diff, top), reports);
        return new Outcome(diff, run, html, json, files);
    }

    private static void writeReport(Path file, String text, SafeFiles.Options options) {
        try {
            SafeFiles.saveText(file, text, options);
        } catch (IOException e) {
            throw ReportOutput.writeFailed(file, e);
        }
    }

    private boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Whether the target is still alive after up to {@code millis} of waiting for it to go (false as soon as it is gone). */
    private boolean aliveAfter(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (alive()) {
            if (System.nanoTime() >= deadline) return true;
            try {
                Thread.sleep(50);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return alive();
            }
        }
        return false;
    }

    /** A round of load through the load driver. */
    static Round loadRounds(String url, long requests, Duration duration, int concurrency) {
        return round -> {
            LoadOptions o = LoadOptions.of(url).withConcurrency(concurrency).withProbe(null);
            o = requests > 0 ? o.withRequests(requests) : o.withDuration(duration);
            LoadResult r = LoadDriver.run(o);
            return new RoundResult(String.format("load round %d: %,d requests to %s (%d errors) in %.1f s", round, r.requests(), url,
                    r.errors(), r.duration().toMillis() / 1000.0), r.requests());
        };
    }

    /** A round of waiting (the target runs its own traffic, which is not counted). */
    static Round waitRounds(Duration interval) {
        return round -> {
            Thread.sleep(interval.toMillis());
            return new RoundResult("waited " + Durations.format(interval) + " (round " + round + ")", -1);
        };
    }

    /** One line naming the verdict, the holder and how fast it grows, as the last line of the command's output. */
    static String verdictLine(DiffReport diff, InvestigationReport.Run run) {
        List<HolderDiff> growing = diff.growing();
        if (growing.isEmpty()) {
            return "verdict: no leak found — nothing grew beyond noise (" + ByteSize.format(diff.noiseBytes()) + ") across "
                    + diff.dumps().size() + " dumps";
        }
        HolderDiff h = growing.get(0);
        String rates = run == null ? "" : InvestigationReport.rates(run.growthOf(h));
        return String.format("verdict: leak — %s grows: +%s, +%,d × %s across %d dumps%s%s",
                io.heapsight.report.TerminalText.escape(h.suspect().holder()), ByteSize.format(h.growthBytes()),
                h.growthCount(), io.heapsight.report.TerminalText.escape(h.suspect().accumulatedClass()), diff.dumps().size(),
                rates.isEmpty() ? "" : " (" + rates + ")",
                growing.size() > 1 ? " (and " + (growing.size() - 1) + " more growing holders)" : "");
    }

    static void deleteDumps(List<Path> files) throws IOException {
        for (Path p : files) {
            io.heapsight.heap.DumpFiles.deleteDerived(p);
            Files.deleteIfExists(p);
        }
    }
}

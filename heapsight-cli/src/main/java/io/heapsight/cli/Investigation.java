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
import io.heapsight.monitor.HeapDumper;
import io.heapsight.monitor.JvmTarget;
import io.heapsight.report.DiffHtmlReport;
import io.heapsight.report.DiffJsonReport;
import io.heapsight.report.DiffTextReport;

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
        /** Runs one round of load or waiting; returns a one-line account for the log. */
        String run(int round) throws Exception;
    }

    record Outcome(DiffReport diff, Path htmlReport, Path jsonReport, List<Path> dumps) {}

    private final long pid;
    private final Path outDir;
    private final int dumps;
    private final PrintStream log;

    Investigation(long pid, Path outDir, int dumps, PrintStream log) {
        this.pid = pid;
        this.outDir = outDir;
        this.dumps = dumps;
        this.log = log;
    }

    Outcome run(Round between, int top) throws Exception {
        Files.createDirectories(outDir);
        List<Path> files = new ArrayList<>();
        try (JvmTarget target = JvmTarget.attach(pid)) {
            for (int i = 1; i <= dumps; i++) {
                if (i > 1) log.println("  " + between.run(i - 1));
                Path file = outDir.resolve(String.format("dump-%d.hprof", i));
                long start = System.nanoTime();
                DumpResult r = HeapDumper.dump(target, file, true, 0);
                long live = target.liveSetAfterGcBytes();
                log.printf("  dump %d/%d: %s, %.1f MB, took %.1f s (live set after GC %.1f MB)%n", i, dumps, r.path().getFileName(),
                        r.sizeBytes() / 1048576.0, (System.nanoTime() - start) / 1e9, live / 1048576.0);
                files.add(r.path());
            }
        }
        log.println("  comparing " + files.size() + " dumps ...");
        DiffReport diff = HeapDiff.compare(files, DiffOptions.defaults().withTop(top), Progress.NONE);
        Path html = outDir.resolve("report.html");
        Path json = outDir.resolve("report.json");
        // new names only, as private as the dumps they describe
        SafeFiles.Options reports = SafeFiles.Options.outputOf(files.toArray(Path[]::new)).noReplace();
        writeReport(html, DiffHtmlReport.render(diff, top), reports);
        writeReport(json, DiffJsonReport.render(diff, top), reports);
        writeReport(outDir.resolve("report.txt"), DiffTextReport.render(diff, top), reports);
        return new Outcome(diff, html, json, files);
    }

    private static void writeReport(Path file, String text, SafeFiles.Options options) {
        try {
            SafeFiles.saveText(file, text, options);
        } catch (IOException e) {
            throw ReportOutput.writeFailed(file, e);
        }
    }

    /** A round of load through the load driver. */
    static Round loadRounds(String url, long requests, Duration duration, int concurrency) {
        return round -> {
            LoadOptions o = LoadOptions.of(url).withConcurrency(concurrency).withProbe(null);
            o = requests > 0 ? o.withRequests(requests) : o.withDuration(duration);
            LoadResult r = LoadDriver.run(o);
            return String.format("load round %d: %,d requests to %s (%d errors) in %.1f s", round, r.requests(), url, r.errors(),
                    r.duration().toMillis() / 1000.0);
        };
    }

    /** A round of waiting (the target runs its own traffic). */
    static Round waitRounds(Duration interval) {
        return round -> {
            Thread.sleep(interval.toMillis());
            return "waited " + Durations.format(interval) + " (round " + round + ")";
        };
    }

    /** One line naming the verdict and the holder, as the last line of the command's output. */
    static String verdictLine(DiffReport diff) {
        List<HolderDiff> growing = diff.growing();
        if (growing.isEmpty()) {
            return "verdict: no leak found — nothing grew beyond noise (" + ByteSize.format(diff.noiseBytes()) + ") across "
                    + diff.dumps().size() + " dumps";
        }
        HolderDiff h = growing.get(0);
        return String.format("verdict: leak — %s grows: +%s, +%,d × %s across %d dumps%s",
                io.heapsight.report.TerminalText.escape(h.suspect().holder()), ByteSize.format(h.growthBytes()),
                h.growthCount(), io.heapsight.report.TerminalText.escape(h.suspect().accumulatedClass()), diff.dumps().size(),
                growing.size() > 1 ? " (and " + (growing.size() - 1) + " more growing holders)" : "");
    }

    static void deleteDumps(List<Path> files) throws IOException {
        for (Path p : files) {
            io.heapsight.heap.DumpFiles.deleteDerived(p);
            Files.deleteIfExists(p);
        }
    }
}

package io.heapsight.explorer;

import io.heapsight.analysis.AnalysisOptions;
import io.heapsight.analysis.diff.DiffOptions;
import io.heapsight.analysis.diff.DiffReport;
import io.heapsight.analysis.diff.HeapDiff;
import io.heapsight.heap.Progress;

import io.heapsight.analysis.diff.DumpFailedException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dumps one explorer serves, numbered from 1 in the order given (a dump taken in the live view joins at the end),
 * the comparisons between them, and the live view of a running JVM when there is one.
 */
public final class Explorer implements AutoCloseable {
    private final List<OpenDump> dumps;
    private final Map<List<Integer>, DiffReport> comparisons = new ConcurrentHashMap<>();
    private final AnalysisOptions options;
    private volatile LiveSession live;

    private Explorer(List<OpenDump> dumps, AnalysisOptions options) {
        this.dumps = new java.util.concurrent.CopyOnWriteArrayList<>(dumps);
        this.options = options;
    }

    /**
     * Opens every dump (one after another: each holds its model in memory). Progress names the dump being opened.
     * If one cannot be opened, those already open are closed and the error goes to the caller.
     */
    public static Explorer open(List<Path> paths, AnalysisOptions options, Progress progress) throws IOException {
        List<OpenDump> open = new ArrayList<>();
        try {
            for (int i = 0; i < paths.size(); i++) {
                String prefix = paths.size() > 1 ? "dump " + (i + 1) + "/" + paths.size() + " " : "";
                Progress p = (phase, done, total) -> progress.update(prefix + phase, done, total);
                try {
                    open.add(OpenDump.open(i + 1, paths.get(i), options, p));
                } catch (IOException e) {
                    throw new DumpFailedException(paths.get(i), e);   // says which of several dumps failed
                }
            }
        } catch (IOException | RuntimeException e) {
            for (OpenDump d : open) {
                try {
                    d.close();
                } catch (IOException ignored) {
                    // the first failure is the one to report
                }
            }
            throw e;
        }
        return new Explorer(open, options);
    }

    /** Opens one more dump (a dump just taken in the live view); it gets the next number. */
    public synchronized OpenDump add(Path dump, Progress progress) throws IOException {
        OpenDump d = OpenDump.open(dumps.size() + 1, dump, options, progress);
        dumps.add(d);
        return d;
    }

    /** Attaches the live view of a running JVM (heapsight open --pid); dumps it takes go to dumpDir. */
    public void watch(LiveSession session) {
        this.live = session;
    }

    /** The live view, or null. */
    public LiveSession live() {
        return live;
    }

    public List<OpenDump> dumps() {
        return dumps;
    }

    /** Dump number d (from 1), or null. */
    public OpenDump dump(int d) {
        return d >= 1 && d <= dumps.size() ? dumps.get(d - 1) : null;
    }

    /** The diff of these dumps (numbers, in the order given), computed once per list. */
    DiffReport compare(List<Integer> numbers) throws IOException {
        DiffReport known = comparisons.get(numbers);
        if (known != null) return known;
        List<Path> paths = new ArrayList<>();
        for (int n : numbers) paths.add(dump(n).path());
        DiffReport r = HeapDiff.compare(paths, DiffOptions.defaults().withTop(50), Progress.NONE);
        comparisons.put(List.copyOf(numbers), r);
        return r;
    }

    /**
     * Closes the live view and every dump, and lets go of them: a caller that still holds the explorer (a test, a
     * bench measuring a reopen) must not keep each closed dump's model (about 1 GB at 30M objects) reachable.
     */
    @Override
    public synchronized void close() throws IOException {
        LiveSession session = live;
        live = null;
        if (session != null) session.close();
        IOException first = null;
        for (OpenDump d : dumps) {
            try {
                d.close();
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        dumps.clear();
        comparisons.clear();
        if (first != null) throw first;
    }
}

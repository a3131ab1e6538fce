package io.heapsight.explorer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heapsight.analysis.AnalysisOptions;
import io.heapsight.analysis.AnalysisReport;
import io.heapsight.analysis.HeapAnalysis;
import io.heapsight.analysis.query.AnalysisContext;
import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.Progress;
import io.heapsight.report.JsonReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One dump the explorer serves: its model, dominator tree and shortest paths, built once when it is opened as
 * analyze builds them (the index, dominator and paths files beside the dump make a second open fast: no walk of the
 * graph), and the analyze report, computed on first request of the overview.
 */
public final class OpenDump implements AutoCloseable {
    private final int number;
    private final Path path;
    private final AnalysisContext context;
    private final long openMillis;
    private ObjectNode overview;

    private OpenDump(int number, Path path, AnalysisContext context, long openMillis) {
        this.number = number;
        this.path = path;
        this.context = context;
        this.openMillis = openMillis;
    }

    /** Parses (or reopens from its index) one dump and prepares it for queries. */
    public static OpenDump open(int number, Path dump, AnalysisOptions options, Progress progress) throws IOException {
        long t0 = System.nanoTime();
        HeapSnapshot heap = HeapSnapshot.open(dump, progress, options.open());
        try {
            // the same preparation as analyze: dominators and paths from the files beside the dump when current
            AnalysisContext ctx = HeapAnalysis.context(heap, dump, options, progress);
            return new OpenDump(number, dump, ctx, (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException e) {
            heap.close();
            throw e;
        }
    }

    public int number() { return number; }
    public Path path() { return path; }
    public AnalysisContext context() { return context; }
    public long openMillis() { return openMillis; }

    /** The facts /api/dumps lists for this dump. */
    ObjectNode facts(ObjectNode out) throws IOException {
        HeapSnapshot heap = context.heap();
        out.put("id", number);
        out.put("path", path.toString());
        out.put("file", path.getFileName().toString());
        out.put("sizeBytes", Files.size(path));
        out.put("format", heap.header().format());
        out.put("idSize", heap.idSize());
        out.put("timestampMillis", heap.header().timestampMillis());
        out.put("layout", heap.layout().name());
        out.put("status", heap.walk().status().token());
        out.put("objects", heap.objectCount());
        out.put("classes", heap.classCount());
        out.put("gcRoots", heap.rootCount());
        out.put("reachableObjects", context.dominators().reachableCount());
        out.put("reachableBytes", context.dominators().reachableBytes());
        out.put("openMillis", openMillis);
        return out;
    }

    /** The analyze report's JSON (suspects with paths, dominators, inspections), computed once. */
    synchronized ObjectNode overview() throws IOException {
        if (overview == null) {
            AnalysisReport report = HeapAnalysis.analyze(context, openMillis);
            overview = JsonReport.tree(report);
        }
        return overview;
    }

    @Override
    public void close() throws IOException {
        context.heap().close();
    }
}

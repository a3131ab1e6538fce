package io.heapsight.testkit;

import io.heapsight.common.ClassHistogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A heap dump written by a forked scenario JVM, with what that JVM knew when it wrote it: its own class histogram
 * (taken just before the dump) and the facts the scenario recorded (e.g. "leak.count" -> "1000").
 */
public record DumpedHeap(Path file, ClassHistogram histogram, Map<String, String> facts) {

    public DumpedHeap {
        facts = Map.copyOf(facts);
    }

    /** A fact the scenario recorded; fails clearly when the scenario did not record it. */
    public String fact(String key) {
        String v = facts.get(key);
        if (v == null) throw new IllegalArgumentException("no fact '" + key + "' recorded; facts: " + facts.keySet());
        return v;
    }

    public long longFact(String key) {
        return Long.parseLong(fact(key));
    }

    /**
     * Moves the dump and its sidecar files to a new dump file name (e.g. a stable name a benchmark reuses).
     *
     * @throws IOException when a target exists or a move fails
     */
    public DumpedHeap renameTo(Path newDumpFile) throws IOException {
        for (Path[] move : new Path[][] {
                {DumpProtocol.histogramFile(file), DumpProtocol.histogramFile(newDumpFile)},
                {DumpProtocol.logFile(file), DumpProtocol.logFile(newDumpFile)},
                {file, newDumpFile},
                {DumpProtocol.factsFile(file), DumpProtocol.factsFile(newDumpFile)}}) { // facts last: "complete"
            if (Files.exists(move[0])) Files.move(move[0], move[1]);
        }
        return new DumpedHeap(newDumpFile, histogram, facts);
    }

    /**
     * Reopens a dump written earlier by {@link ForkedDump} from its sidecar files (benchmarks reuse big dumps).
     *
     * @throws IOException when the dump or one of its sidecars is missing or unreadable
     */
    public static DumpedHeap load(Path dumpFile) throws IOException {
        if (!Files.isRegularFile(dumpFile)) throw new IOException("no heap dump at " + dumpFile);
        Path histo = DumpProtocol.histogramFile(dumpFile);
        Path facts = DumpProtocol.factsFile(dumpFile);
        if (!Files.isRegularFile(histo) || !Files.isRegularFile(facts)) {
            throw new IOException("dump " + dumpFile + " has no sidecar files (" + histo.getFileName() + ", "
                    + facts.getFileName() + "): it was not written by ForkedDump or is incomplete");
        }
        return new DumpedHeap(dumpFile, ClassHistogram.parse(Files.readString(histo)),
                DumpProtocol.readFacts(facts));
    }
}

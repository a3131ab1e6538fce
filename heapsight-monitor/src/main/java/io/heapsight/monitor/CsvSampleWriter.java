package io.heapsight.monitor;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

/** Writes one CSV row per sample (flushed each time, so a killed monitor keeps what it saw). Never overwrites. */
public final class CsvSampleWriter implements AutoCloseable {
    static final String HEADER = "time,uptime_ms,heap_used,heap_committed,heap_max,old_gen_used,old_gen_after_gc,heap_after_gc,"
            + "gc_count,gc_time_ms,allocated_bytes,allocation_rate_bytes_per_s,rss_bytes,heap_resident_bytes,cpu_load,threads,open_fds,"
            + "direct_buffer_bytes,mapped_buffer_bytes,classes_loaded,metaspace_used,verdict";

    private final BufferedWriter out;

    public CsvSampleWriter(Path file) throws IOException {
        this.out = new BufferedWriter(new java.io.OutputStreamWriter(
                io.heapsight.hprof.SafeFiles.createNewForAppend(file, io.heapsight.hprof.SafeFiles.Options.fresh()), StandardCharsets.UTF_8));
        out.write(HEADER);
        out.newLine();
        out.flush();
    }

    public void write(Sample s, Verdict v) {
        try {
            out.write(String.join(",", Instant.ofEpochMilli(s.wallMillis()).toString(), n(s.uptimeMillis()), n(s.heapUsed()),
                    n(s.heapCommitted()), n(s.heapMax()), n(s.oldGenUsed()), n(s.oldGenAfterLastGc()), n(s.heapAfterLastGc()),
                    n(s.gcCount()), n(s.gcTimeMillis()), n(s.allocatedBytes()), d(s.allocationRate()), n(s.rssBytes()),
                    n(s.heapResidentBytes()), d(s.processCpuLoad()), n(s.threads()), n(s.openFds()), n(s.directBufferBytes()), n(s.mappedBufferBytes()),
                    n(s.classesLoaded()), n(s.metaspaceUsed()), v.kind().token()));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String n(long v) {
        return v < 0 ? "" : Long.toString(v);
    }

    private static String d(double v) {
        return Double.isNaN(v) ? "" : String.format(java.util.Locale.ROOT, "%.4f", v);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}

package io.heapsight.monitor;

import io.heapsight.common.LeakVerdict;

import java.util.Locale;

/**
 * Renders the latest sample and verdict as OpenMetrics 1.0 (or the older Prometheus text format 0.0.4), using the
 * OpenTelemetry JVM semantic-convention names as Prometheus spells them (jvm.memory.used → jvm_memory_used_bytes),
 * plus heapsight's own live-set, slope and verdict metrics.
 */
public final class MetricsText {
    private final StringBuilder out = new StringBuilder();
    private final boolean openMetrics;

    private MetricsText(boolean openMetrics) {
        this.openMetrics = openMetrics;
    }

    public static String render(Sample s, Verdict v, GcDurationHistogram gc, boolean openMetrics) {
        MetricsText m = new MetricsText(openMetrics);
        m.write(s, v, gc);
        return m.out.toString();
    }

    private void write(Sample s, Verdict v, GcDurationHistogram gc) {
        if (s != null) {
            family("jvm_memory_used_bytes", "gauge", "bytes", "Measure of memory used (jvm.memory.used).");
            for (PoolUsage p : s.pools()) sample("jvm_memory_used_bytes", pool(p), p.used());
            family("jvm_memory_committed_bytes", "gauge", "bytes", "Measure of memory committed (jvm.memory.committed).");
            for (PoolUsage p : s.pools()) sample("jvm_memory_committed_bytes", pool(p), p.committed());
            family("jvm_memory_limit_bytes", "gauge", "bytes", "Measure of max obtainable memory (jvm.memory.limit).");
            for (PoolUsage p : s.pools()) if (p.max() >= 0) sample("jvm_memory_limit_bytes", pool(p), p.max());
            if (s.oldGenAfterLastGc() >= 0) {
                family("jvm_memory_used_after_last_gc_bytes", "gauge", "bytes",
                        "Measure of memory used, as measured after the most recent garbage collection (jvm.memory.used_after_last_gc).");
                String oldPool = s.oldPoolName() == null ? "old" : s.oldPoolName();
                sample("jvm_memory_used_after_last_gc_bytes",
                        "jvm_memory_pool_name=\"" + esc(oldPool) + "\",jvm_memory_type=\"heap\"", s.oldGenAfterLastGc());
            }
            if (gc != null) {
                family("jvm_gc_duration_seconds", "histogram", "seconds", "Duration of JVM garbage collection actions (jvm.gc.duration).");
                for (GcDurationHistogram.Series g : gc.snapshot()) {
                    String labels = "jvm_gc_action=\"" + esc(g.gcAction()) + "\",jvm_gc_name=\"" + esc(g.gcName()) + "\"";
                    for (int i = 0; i < GcDurationHistogram.BOUNDS.length; i++) {
                        sample("jvm_gc_duration_seconds_bucket", labels + ",le=\"" + num(GcDurationHistogram.BOUNDS[i]) + "\"",
                                g.cumulativeCounts()[i]);
                    }
                    sample("jvm_gc_duration_seconds_bucket", labels + ",le=\"+Inf\"", g.count());
                    sample("jvm_gc_duration_seconds_count", labels, g.count());
                    sample("jvm_gc_duration_seconds_sum", labels, g.sumSeconds());
                }
            }
            family("jvm_thread_count", "gauge", null, "Number of executing platform threads (jvm.thread.count).");
            sample("jvm_thread_count", "", s.threads());
            family("jvm_class_count", "gauge", null, "Number of classes currently loaded (jvm.class.count).");
            sample("jvm_class_count", "", s.classesLoaded());
            if (s.processCpuTimeNanos() >= 0) {
                counter("jvm_cpu_time_seconds", "seconds", "CPU time used by the process as reported by the JVM (jvm.cpu.time).",
                        s.processCpuTimeNanos() / 1e9);
            }
            if (!Double.isNaN(s.processCpuLoad()) && s.processCpuLoad() >= 0) {
                family("jvm_cpu_recent_utilization_ratio", "gauge", "ratio",
                        "Recent CPU utilization for the process as reported by the JVM (jvm.cpu.recent_utilization).");
                sample("jvm_cpu_recent_utilization_ratio", "", s.processCpuLoad());
            }
            family("jvm_buffer_memory_used_bytes", "gauge", "bytes", "Measure of memory used by buffers (jvm.buffer.memory.used).");
            if (s.directBufferBytes() >= 0) sample("jvm_buffer_memory_used_bytes", "jvm_buffer_pool_name=\"direct\"", s.directBufferBytes());
            if (s.mappedBufferBytes() >= 0) sample("jvm_buffer_memory_used_bytes", "jvm_buffer_pool_name=\"mapped\"", s.mappedBufferBytes());
            if (s.openFds() >= 0) {
                family("jvm_file_descriptor_count", "gauge", null, "Number of open file descriptors (jvm.file_descriptor.count).");
                sample("jvm_file_descriptor_count", "", s.openFds());
            }
            if (s.rssBytes() >= 0) {
                family("process_memory_usage_bytes", "gauge", "bytes", "Resident memory of the process (process.memory.usage).");
                sample("process_memory_usage_bytes", "", s.rssBytes());
            }
            if (s.allocatedBytes() >= 0) {
                counter("heapsight_allocated_bytes", "bytes", "Bytes allocated by all threads of the target.", s.allocatedBytes());
            }
            if (s.oldGenAfterLastGc() >= 0) {
                family("heapsight_old_gen_after_gc_bytes", "gauge", "bytes",
                        "Old generation occupancy right after the latest GC: the live-set signal.");
                sample("heapsight_old_gen_after_gc_bytes", "", s.oldGenAfterLastGc());
            }
        }
        if (v != null) {
            if (v.liveSetBytes() >= 0) {
                family("heapsight_live_set_bytes", "gauge", "bytes", "Live-set estimate: robust fit of old gen after GC.");
                sample("heapsight_live_set_bytes", "", v.liveSetBytes());
            }
            gauge("heapsight_live_set_slope_bytes_per_minute", "Theil-Sen slope of the live set after GC, past warm-up.",
                    v.liveSetSlopeBytesPerMin());
            gauge("heapsight_verdict_confidence", "Confidence of the verdict, 0..1.", v.confidence());
            gauge("heapsight_eta_max_heap_seconds", "Seconds until the live set reaches max heap at the current slope (-1: none).",
                    v.etaToMaxHeapSeconds());
            gauge("heapsight_eta_container_limit_seconds", "Seconds until RSS reaches the container memory limit (-1: none).",
                    v.etaToContainerLimitSeconds());
            family("heapsight_leak_verdict", openMetrics ? "stateset" : "gauge", null, "Current verdict: 1 for the state that holds.");
            for (LeakVerdict k : LeakVerdict.values()) {
                sample("heapsight_leak_verdict", "heapsight_leak_verdict=\"" + k.token() + "\"", k == v.kind() ? 1 : 0);
            }
        }
        if (openMetrics) out.append("# EOF\n");
    }

    private void gauge(String name, String help, double value) {
        family(name, "gauge", null, help);
        sample(name, "", value);
    }

    private void counter(String base, String unit, String help, double value) {
        // OpenMetrics names the family without _total; the 0.0.4 format names it with
        family(openMetrics ? base : base + "_total", "counter", unit, help);
        sample(base + "_total", "", value);
    }

    private void family(String name, String type, String unit, String help) {
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        if (openMetrics && unit != null) out.append("# UNIT ").append(name).append(' ').append(unit).append('\n');
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    }

    private void sample(String name, String labels, double value) {
        out.append(name);
        if (!labels.isEmpty()) out.append('{').append(labels).append('}');
        out.append(' ').append(num(value)).append('\n');
    }

    private static String pool(PoolUsage p) {
        return "jvm_memory_pool_name=\"" + esc(p.name()) + "\",jvm_memory_type=\"" + (p.heap() ? "heap" : "non_heap") + "\"";
    }

    static String num(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%s", v);
    }

    static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}

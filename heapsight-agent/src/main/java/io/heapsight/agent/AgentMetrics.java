package io.heapsight.agent;

import io.heapsight.common.LeakVerdict;
import io.heapsight.monitor.GcEvent;
import io.heapsight.monitor.PoolUsage;
import io.heapsight.monitor.Sample;
import io.heapsight.monitor.Verdict;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.StateSet;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

import java.util.function.ToDoubleFunction;

/**
 * The monitor's latest sample and verdict as Prometheus metrics: the OpenTelemetry JVM semantic-convention names
 * as Prometheus spells them (jvm.memory.used becomes jvm_memory_used_bytes) plus heapsight's live-set trend and
 * verdict. Gauges read the latest sample when scraped; GC durations are observed once per collection.
 */
public final class AgentMetrics {
    private static final String POOL = "jvm_memory_pool_name";
    private static final String TYPE = "jvm_memory_type";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Histogram gcDuration;
    private final StateSet verdictState;
    private final Counter dumps;
    private volatile Sample sample;
    private volatile Verdict verdict;
    private volatile long monitorThreadId = -1;

    public AgentMetrics() {
        poolGauge("jvm_memory_used_bytes", "Measure of memory used (jvm.memory.used).", PoolUsage::used);
        poolGauge("jvm_memory_committed_bytes", "Measure of memory committed (jvm.memory.committed).", PoolUsage::committed);
        poolGauge("jvm_memory_limit_bytes", "Measure of max obtainable memory (jvm.memory.limit).", PoolUsage::max);
        GaugeWithCallback.builder().name("jvm_memory_used_after_last_gc_bytes").unit(Unit.BYTES).labelNames(POOL, TYPE)
                .help("Measure of memory used, as measured after the most recent garbage collection (jvm.memory.used_after_last_gc).")
                .callback(cb -> {
                    Sample s = sample;
                    if (s != null && s.oldGenAfterLastGc() >= 0) {
                        cb.call(s.oldGenAfterLastGc(), s.oldPoolName() == null ? "old" : s.oldPoolName(), "heap");
                    }
                }).register(registry);
        gcDuration = Histogram.builder().name("jvm_gc_duration_seconds").unit(Unit.SECONDS)
                .help("Duration of JVM garbage collection actions (jvm.gc.duration).")
                .labelNames("jvm_gc_action", "jvm_gc_name")
                // the bounds the OpenTelemetry semantic conventions advise for jvm.gc.duration
                .classicOnly().classicUpperBounds(0.01, 0.1, 1, 10).register(registry);
        sampleGauge("jvm_thread_count", null, "Number of executing platform threads (jvm.thread.count).", Sample::threads);
        sampleGauge("jvm_class_count", null, "Number of classes currently loaded (jvm.class.count).", Sample::classesLoaded);
        sampleGauge("jvm_cpu_recent_utilization_ratio", null,
                "Recent CPU utilization for the process as reported by the JVM (jvm.cpu.recent_utilization).", Sample::processCpuLoad);
        sampleGauge("jvm_file_descriptor_count", null, "Number of open file descriptors (jvm.file_descriptor.count).", Sample::openFds);
        sampleGauge("process_memory_usage_bytes", Unit.BYTES, "Resident memory of the process (process.memory.usage).", Sample::rssBytes);
        GaugeWithCallback.builder().name("jvm_buffer_memory_used_bytes").unit(Unit.BYTES).labelNames("jvm_buffer_pool_name")
                .help("Measure of memory used by buffers (jvm.buffer.memory.used).")
                .callback(cb -> {
                    Sample s = sample;
                    if (s == null) return;
                    if (s.directBufferBytes() >= 0) cb.call(s.directBufferBytes(), "direct");
                    if (s.mappedBufferBytes() >= 0) cb.call(s.mappedBufferBytes(), "mapped");
                }).register(registry);
        sampleCounter("jvm_cpu_time_seconds", Unit.SECONDS, "CPU time used by the process as reported by the JVM (jvm.cpu.time).",
                s -> s.processCpuTimeNanos() < 0 ? -1 : s.processCpuTimeNanos() / 1e9);
        sampleCounter("heapsight_allocated_bytes", Unit.BYTES, "Bytes allocated by all threads of this JVM.", Sample::allocatedBytes);
        sampleGauge("heapsight_heap_resident_bytes", Unit.BYTES, "Resident part of the Java heap's reservation (from"
                + " /proc/self/smaps): process_memory_usage_bytes less this is the memory outside the heap.",
                Sample::heapResidentBytes);
        sampleGauge("heapsight_old_gen_after_gc_bytes", Unit.BYTES,
                "Old generation occupancy right after the latest GC: the live-set signal.", Sample::oldGenAfterLastGc);

        verdictGauge("heapsight_live_set_bytes", Unit.BYTES, "Live-set estimate: robust fit of old gen after GC.",
                v -> v.liveSetBytes() < 0 ? Double.NaN : v.liveSetBytes(), false);
        verdictGauge("heapsight_live_set_slope_bytes_per_minute", null,
                "Theil-Sen slope of the live set after GC, past warm-up.", Verdict::liveSetSlopeBytesPerMin, false);
        verdictGauge("heapsight_live_set_slope_low_bytes_per_minute", null,
                "Lower bound of the slope's 95% confidence interval.", Verdict::slopeLowBytesPerMin, false);
        verdictGauge("heapsight_live_set_slope_high_bytes_per_minute", null,
                "Upper bound of the slope's 95% confidence interval.", Verdict::slopeHighBytesPerMin, false);
        verdictGauge("heapsight_verdict_confidence", null, "Confidence of the verdict, 0..1.", Verdict::confidence, true);
        verdictGauge("heapsight_eta_max_heap_seconds", null,
                "Seconds until the live set reaches max heap at the current slope (-1: not growing).", Verdict::etaToMaxHeapSeconds, true);
        verdictGauge("heapsight_eta_container_limit_seconds", null,
                "Seconds until RSS reaches the container memory limit at its current slope (-1: no limit or not growing).",
                Verdict::etaToContainerLimitSeconds, true);
        String[] states = new String[LeakVerdict.values().length];
        for (LeakVerdict k : LeakVerdict.values()) states[k.ordinal()] = k.token();
        // OpenMetrics: a state set's label is named after the family, so heapsight_leak_verdict{heapsight_leak_verdict="leak"}
        verdictState = StateSet.builder().name("heapsight_leak_verdict")
                .help("heapsight's verdict on the live-set trend: the state that holds is 1.").states(states).register(registry);
        verdictState.setTrue(LeakVerdict.INCONCLUSIVE.token());
        // what the agent itself costs: its sampling thread's CPU and allocation (the scrapes are measured in PERFORMANCE.md)
        agentThreadCounter("heapsight_agent_cpu_seconds", Unit.SECONDS, "CPU time of the agent's sampling thread.",
                (t, id) -> t.getThreadCpuTime(id) < 0 ? -1 : t.getThreadCpuTime(id) / 1e9);
        agentThreadCounter("heapsight_agent_allocated_bytes", Unit.BYTES, "Bytes allocated by the agent's sampling thread.",
                (t, id) -> t.getThreadAllocatedBytes(id));
        dumps = Counter.builder().name("heapsight_dumps").help("Heap dumps the agent's trigger took.").register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** Publishes a new sample and verdict; called on the monitor's thread. */
    public void update(Sample s, Verdict v) {
        for (GcEvent e : s.gcEvents()) gcDuration.labelValues(e.action(), e.collector()).observe(e.durationMillis() / 1000.0);
        for (LeakVerdict k : LeakVerdict.values()) {
            if (k == v.kind()) verdictState.setTrue(k.token());
            else verdictState.setFalse(k.token());
        }
        sample = s;
        verdict = v;
    }

    /** The thread that samples: its CPU time and allocation are exported as the agent's own cost. */
    void monitorThread(Thread t) {
        monitorThreadId = t.getId();
    }

    private void agentThreadCounter(String name, Unit unit, String help,
                                    java.util.function.ToDoubleBiFunction<com.sun.management.ThreadMXBean, Long> value) {
        CounterWithCallback.builder().name(name).unit(unit).help(help).callback(cb -> {
            long id = monitorThreadId;
            if (id < 0 || !(java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t)) return;
            double v = value.applyAsDouble(t, id);
            if (v >= 0) cb.call(v);
        }).register(registry);
    }

    void dumpTaken() {
        dumps.inc();
    }

    private void poolGauge(String name, String help, ToDoubleFunction<PoolUsage> value) {
        GaugeWithCallback.builder().name(name).unit(Unit.BYTES).help(help).labelNames(POOL, TYPE).callback(cb -> {
            Sample s = sample;
            if (s == null) return;
            for (PoolUsage p : s.pools()) {
                double v = value.applyAsDouble(p);
                if (v >= 0) cb.call(v, p.name(), p.heap() ? "heap" : "non_heap");
            }
        }).register(registry);
    }

    /** A gauge of the latest sample; a negative (unknown) value is left out rather than exported. */
    private void sampleGauge(String name, Unit unit, String help, ToDoubleFunction<Sample> value) {
        GaugeWithCallback.Builder b = GaugeWithCallback.builder().name(name).help(help).callback(cb -> {
            Sample s = sample;
            if (s == null) return;
            double v = value.applyAsDouble(s);
            if (v >= 0) cb.call(v);
        });
        if (unit != null) b.unit(unit);
        b.register(registry);
    }

    private void sampleCounter(String name, Unit unit, String help, ToDoubleFunction<Sample> value) {
        CounterWithCallback.builder().name(name).unit(unit).help(help).callback(cb -> {
            Sample s = sample;
            if (s == null) return;
            double v = value.applyAsDouble(s);
            if (v >= 0) cb.call(v);
        }).register(registry);
    }

    /** A gauge of the latest verdict; NaN until known, or -1 where the value itself says "none" (ETAs). */
    private void verdictGauge(String name, Unit unit, String help, ToDoubleFunction<Verdict> value, boolean always) {
        GaugeWithCallback.Builder b = GaugeWithCallback.builder().name(name).help(help).callback(cb -> {
            Verdict v = verdict;
            if (v == null) return;
            double x = value.applyAsDouble(v);
            if (always || !Double.isNaN(x)) cb.call(x);
        });
        if (unit != null) b.unit(unit);
        b.register(registry);
    }
}

package io.heapsight.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heapsight.common.ClassHistogram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON-lines output of `heapsight monitor --json`: one object per sample ("type":"sample"), messages
 * ("type":"message"), then one summary ("type":"summary") whose first keys are verdict, liveSetSlopeBytesPerMin,
 * confidence and samples. Unknown numbers are null.
 */
public final class MonitorJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Of every line: bumped when a field is renamed or removed (docs/json-contract.md). */
    public static final int SCHEMA_VERSION = 1;

    private MonitorJson() {}

    public static String sample(long pid, Sample s, Verdict v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "sample");
        m.put("schemaVersion", SCHEMA_VERSION);
        m.put("pid", pid);
        m.put("time", java.time.Instant.ofEpochMilli(s.wallMillis()).toString());
        m.put("uptimeMs", s.uptimeMillis());
        m.put("heapUsed", s.heapUsed());
        m.put("heapCommitted", s.heapCommitted());
        m.put("heapMax", known(s.heapMax()));
        m.put("oldGenUsed", known(s.oldGenUsed()));
        m.put("oldGenAfterGc", known(s.oldGenAfterLastGc()));
        m.put("heapAfterGc", known(s.heapAfterLastGc()));
        m.put("gcCount", s.gcCount());
        m.put("gcTimeMs", s.gcTimeMillis());
        m.put("allocatedBytes", known(s.allocatedBytes()));
        m.put("allocationRateBytesPerSec", num(s.allocationRate()));
        m.put("rssBytes", known(s.rssBytes()));
        m.put("heapResidentBytes", known(s.heapResidentBytes()));
        m.put("cpuLoad", num(s.processCpuLoad()));
        m.put("threads", s.threads());
        m.put("openFds", known(s.openFds()));
        m.put("directBufferBytes", known(s.directBufferBytes()));
        m.put("mappedBufferBytes", known(s.mappedBufferBytes()));
        m.put("classesLoaded", s.classesLoaded());
        m.put("metaspaceUsed", known(s.metaspaceUsed()));
        List<Map<String, Object>> pools = new ArrayList<>();
        for (PoolUsage p : s.pools()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("name", p.name());
            pm.put("heap", p.heap());
            pm.put("used", p.used());
            pm.put("committed", p.committed());
            pm.put("max", known(p.max()));
            pools.add(pm);
        }
        m.put("pools", pools);
        List<Map<String, Object>> gcs = new ArrayList<>();
        for (GcEvent e : s.gcEvents()) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("collector", e.collector());
            g.put("action", e.action());
            g.put("cause", e.cause());
            g.put("endUptimeMs", e.endUptimeMillis());
            g.put("durationMs", e.durationMillis());
            g.put("oldBefore", known(e.oldBefore()));
            g.put("oldAfter", known(e.oldAfter()));
            g.put("heapBefore", known(e.heapBefore()));
            g.put("heapAfter", known(e.heapAfter()));
            gcs.add(g);
        }
        m.put("gcs", gcs);
        m.put("verdict", v.kind().token());
        return write(m);
    }

    public static String message(String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "message");
        m.put("schemaVersion", SCHEMA_VERSION);
        m.put("message", text);
        return write(m);
    }

    public static String summary(long pid, MonitorResult r) {
        Verdict v = r.verdict();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", v.kind().token());
        m.put("liveSetSlopeBytesPerMin", num(v.liveSetSlopeBytesPerMin()));
        m.put("confidence", num(v.confidence()));
        m.put("samples", r.samples());
        m.put("type", "summary");
        m.put("schemaVersion", SCHEMA_VERSION);
        m.put("pid", pid);
        m.put("reason", v.reason());
        m.put("slopeLowBytesPerMin", num(v.slopeLowBytesPerMin()));
        m.put("slopeHighBytesPerMin", num(v.slopeHighBytesPerMin()));
        m.put("slopePercentOfMaxHeapPerMin", num(v.slopePercentOfMaxPerMin()));
        m.put("liveSetBytes", known(v.liveSetBytes()));
        m.put("maxHeapBytes", known(v.maxHeapBytes()));
        m.put("etaToMaxHeapSeconds", v.etaToMaxHeapSeconds() < 0 ? null : v.etaToMaxHeapSeconds());
        m.put("containerLimitBytes", known(v.containerLimitBytes()));
        m.put("etaToContainerLimitSeconds", v.etaToContainerLimitSeconds() < 0 ? null : v.etaToContainerLimitSeconds());
        m.put("gcCount", v.gcCount());
        m.put("liveSetPoints", v.liveSetPoints());
        m.put("warmupSeconds", v.warmupSeconds());
        m.put("heapUsedSlopeBytesPerMin", num(v.heapUsedSlopeBytesPerMin()));
        m.put("rssSlopeBytesPerMin", num(v.rssSlopeBytesPerMin()));
        m.put("nonHeapRssSlopeBytesPerMin", num(v.nonHeapRssSlopeBytesPerMin()));
        m.put("directBufferSlopeBytesPerMin", num(v.directBufferSlopeBytesPerMin()));
        m.put("targetLost", r.targetLost());
        m.put("targetLostReason", r.lostReason());
        if (r.probes().interval() != null) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("intervalSeconds", r.probes().interval().toSeconds());
            p.put("count", r.probes().count());
            p.put("totalPauseMs", r.probes().totalPauseMillis());
            p.put("maxPauseMs", r.probes().maxPauseMillis());
            m.put("probeGc", p);
        }
        List<Map<String, Object>> dumps = new ArrayList<>();
        for (DumpResult d : r.dumps()) {
            Map<String, Object> dm = new LinkedHashMap<>();
            dm.put("path", d.path().toString());
            dm.put("sizeBytes", d.sizeBytes());
            dm.put("seconds", d.took().toMillis() / 1000.0);
            dumps.add(dm);
        }
        m.put("dumps", dumps);
        m.put("histograms", r.histograms().stream().map(Object::toString).toList());
        List<Map<String, Object>> growth = new ArrayList<>();
        for (ClassHistogram.Growth g : r.histogramGrowth()) {
            Map<String, Object> gm = new LinkedHashMap<>();
            gm.put("class", g.className());
            gm.put("deltaBytes", g.deltaBytes());
            gm.put("deltaInstances", g.deltaInstances());
            gm.put("bytesAfter", g.bytesAfter());
            gm.put("instancesAfter", g.instancesAfter());
            growth.add(gm);
        }
        m.put("histogramGrowth", growth);
        m.put("nmtSummaryDiff", r.nmtSummaryDiff().isEmpty() ? null : r.nmtSummaryDiff());
        m.put("jfrRecording", r.jfrRecording() == null ? null : r.jfrRecording().toString());
        return write(m);
    }

    private static Object known(long v) {
        return v < 0 ? null : v;
    }

    private static Object num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
    }

    private static String write(Map<String, Object> m) {
        try {
            return MAPPER.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

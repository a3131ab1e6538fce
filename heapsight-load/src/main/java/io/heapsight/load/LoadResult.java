package io.heapsight.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heapsight.common.ByteSize;
import io.heapsight.common.Durations;
import io.heapsight.common.LeakVerdict;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * What a load run did and what it did to the target's live set.
 *
 * @param liveBeforeBytes live set before the load (-1 when the probe failed)
 * @param requests        measured requests (warm-up and the preflight request excluded)
 * @param errors          requests that failed: transport errors and HTTP status 400 and above
 * @param outcomes        count per outcome: HTTP status ("200", "404"), "ws-aborted", or an error class name
 * @param probeError      why there is no verdict, or null
 */
public record LoadResult(LeakVerdict verdict, long liveBeforeBytes, long liveAfterBytes, long requests, long errors,
                         Duration duration, String target, int concurrency, boolean wsAbort, long thresholdBytes,
                         MemorySample before, MemorySample after, String probe, String probeError,
                         LatencySummary latency, Map<String, Long> outcomes, String firstError) {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Of {@link #toJson()}: bumped when a field is renamed or removed (docs/json-contract.md). */
    public static final int SCHEMA_VERSION = 1;

    public long growthBytes() {
        return liveBeforeBytes < 0 || liveAfterBytes < 0 ? 0 : liveAfterBytes - liveBeforeBytes;
    }

    public double requestsPerSecond() {
        double s = duration.toNanos() / 1e9;
        return s <= 0 ? 0 : requests / s;
    }

    /** "live set 11.2 MB → 32.0 MB (+20.8 MB, 10.6 KB per request) in 12 s: leak". */
    public String verdictLine() {
        if (verdict == LeakVerdict.INCONCLUSIVE) {
            return "live set not measured (" + (probeError == null ? "no memory probe" : probeError) + "): no verdict";
        }
        StringBuilder b = new StringBuilder("live set ")
                .append(ByteSize.formatOrUnknown(liveBeforeBytes)).append(" → ").append(ByteSize.formatOrUnknown(liveAfterBytes))
                .append(" (").append(ByteSize.signed(growthBytes()));
        if (verdict == LeakVerdict.LEAK && requests > 0) {
            b.append(", ").append(ByteSize.formatOrUnknown(growthBytes() / requests)).append(" per request");
        }
        return b.append(") in ").append(Durations.human(duration)).append(": ").append(verdict.token()).toString();
    }

    /** "2000 requests in 4.1 s (488 req/s), 0 errors, latency p50 1.2 ms p95 3.4 ms p99 8.0 ms". */
    public String loadLine() {
        return String.format(Locale.ROOT, "%d %s in %s (%.0f/s), %d errors, latency p50 %.1f ms p95 %.1f ms p99 %.1f ms",
                requests, wsAbort ? "aborted websocket connections" : "requests", Durations.human(duration),
                requestsPerSecond(), errors, latency.p50Ms(), latency.p95Ms(), latency.p99Ms());
    }

    /** One line of JSON, verdict first. */
    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("verdict", verdict.token());
        o.put("liveBeforeBytes", liveBeforeBytes);
        o.put("liveAfterBytes", liveAfterBytes);
        o.put("requests", requests);
        o.put("errors", errors);
        o.put("durationMs", duration.toMillis());
        o.put("growthBytes", growthBytes());
        o.put("thresholdBytes", thresholdBytes);
        o.put("requestsPerSecond", Math.round(requestsPerSecond() * 10) / 10.0);
        o.put("target", target);
        o.put("concurrency", concurrency);
        o.put("wsAbort", wsAbort);
        ObjectNode lat = o.putObject("latencyMs");
        lat.put("p50", latency.p50Ms());
        lat.put("p95", latency.p95Ms());
        lat.put("p99", latency.p99Ms());
        lat.put("max", latency.maxMs());
        ObjectNode out = o.putObject("outcomes");
        outcomes.forEach(out::put);
        if (before != null) o.set("before", JSON.valueToTree(sampleMap(before)));
        if (after != null) o.set("after", JSON.valueToTree(sampleMap(after)));
        if (probe != null) o.put("probe", probe);
        if (probeError != null) o.put("probeError", probeError);
        if (firstError != null) o.put("firstError", firstError);
        o.put("schemaVersion", SCHEMA_VERSION);
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> sampleMap(MemorySample s) {
        var m = new java.util.LinkedHashMap<String, Object>();
        m.put("at", s.at().toString());
        m.put("liveSetBytes", s.liveSetBytes());
        m.put("heapUsedBytes", s.heapUsedBytes());
        m.put("heapMaxBytes", s.heapMaxBytes());
        m.put("rssBytes", s.rssBytes());
        m.put("threads", s.threads());
        m.put("openFds", s.openFds());
        m.put("directBufferBytes", s.directBufferBytes());
        return m;
    }
}

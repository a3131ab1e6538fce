package io.heapsight.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * Reads memory from a heapsight-demo style service: POST {base}/api/collect (forces a full GC and answers
 * {@code liveSetBytes}), then GET {base}/api/diagnostics for the rest. A service without /api/collect still works:
 * the live set is then the heap after its most recent GC, which the output flags as less exact.
 */
public final class DiagnosticsUrlProbe implements MemoryProbe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param base the service's root, e.g. http://127.0.0.1:8080 (any path is ignored) */
    public DiagnosticsUrlProbe(URI base) {
        if (base.getScheme() == null || base.getRawAuthority() == null) {
            throw new IllegalArgumentException("probe URL needs a scheme and host, e.g. http://127.0.0.1:8080; got '" + base + "'");
        }
        this.base = URI.create(base.getScheme().replace("ws", "http") + "://" + base.getRawAuthority());
    }

    public URI base() {
        return base;
    }

    @Override
    public MemorySample sample() throws ProbeException {
        long forcedLive = -1;
        HttpResponse<String> collect = send(HttpRequest.newBuilder(base.resolve("/api/collect"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (collect.statusCode() == 200) {
            forcedLive = read(collect.body(), "/api/collect").path("liveSetBytes").asLong(-1);
        }
        HttpResponse<String> diag = send(HttpRequest.newBuilder(base.resolve("/api/diagnostics")).GET());
        if (diag.statusCode() != 200) {
            throw new ProbeException(base.resolve("/api/diagnostics") + " answered HTTP " + diag.statusCode());
        }
        JsonNode d = read(diag.body(), "/api/diagnostics");
        long live = forcedLive >= 0 ? forcedLive
                : d.path("liveSetAfterFullGcBytes").asLong(-1) >= 0 ? d.path("liveSetAfterFullGcBytes").asLong()
                : d.path("liveSetBytes").asLong(-1);
        return new MemorySample(Instant.now(), live, d.path("heapUsedBytes").asLong(-1), d.path("heapMaxBytes").asLong(-1),
                d.path("rssBytes").asLong(-1), d.path("threads").asLong(-1), d.path("openFds").asLong(-1),
                d.path("directBufferBytes").asLong(-1));
    }

    @Override
    public String describe() {
        return base.resolve("/api/diagnostics").toString();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws ProbeException {
        try {
            return client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ProbeException("cannot read memory from " + base + ": " + LoadDriver.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProbeException("interrupted while reading memory from " + base, e);
        }
    }

    private JsonNode read(String body, String what) throws ProbeException {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new ProbeException(base + what + " did not answer a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new ProbeException(base + what + " did not answer JSON: " + e.getMessage(), e);
        }
    }
}

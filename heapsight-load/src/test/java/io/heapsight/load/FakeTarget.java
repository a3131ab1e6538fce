package io.heapsight.load;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scripted service in the shape of the demo: /grow "retains" {@link #GROWTH_PER_HIT} bytes per hit, /flat
 * retains nothing, /fail answers 500, /slow takes 50 ms; /api/collect and /api/diagnostics report a live set of
 * {@link #BASE_LIVE} plus what /grow retained. So the expected before/after numbers are known exactly.
 */
final class FakeTarget implements AutoCloseable {

    static final long BASE_LIVE = 20L * 1024 * 1024;
    static final long GROWTH_PER_HIT = 50 * 1024;

    final AtomicLong growHits = new AtomicLong();
    final AtomicLong flatHits = new AtomicLong();
    final AtomicLong collects = new AtomicLong();
    final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final HttpServer server;
    private final boolean withDiagnostics;

    FakeTarget(boolean withDiagnostics) throws IOException {
        this.withDiagnostics = withDiagnostics;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/grow", ex -> {
            growHits.incrementAndGet();
            answer(ex, 200, "ok");
        });
        server.createContext("/flat", ex -> {
            flatHits.incrementAndGet();
            String query = ex.getRequestURI().getQuery();
            if (query != null && query.startsWith("id=")) ids.add(query.substring(3));
            answer(ex, 200, "ok");
        });
        server.createContext("/fail", ex -> answer(ex, 500, "boom"));
        server.createContext("/slow", ex -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(ex, 200, "ok");
        });
        server.createContext("/api/", ex -> {
            if (!this.withDiagnostics) {
                answer(ex, 404, "no such page");
                return;
            }
            long live = BASE_LIVE + growHits.get() * GROWTH_PER_HIT;
            if (ex.getRequestURI().getPath().equals("/api/collect")) {
                collects.incrementAndGet();
                answer(ex, 200, "{\"liveSetBytes\":" + live + ",\"durationMs\":3}");
            } else if (ex.getRequestURI().getPath().equals("/api/diagnostics")) {
                answer(ex, 200, "{\"heapUsedBytes\":" + (live + 1000) + ",\"heapMaxBytes\":268435456,\"rssBytes\":150000000,"
                        + "\"threads\":21,\"openFds\":70,\"directBufferBytes\":0,\"liveSetBytes\":" + live + "}");
            } else {
                answer(ex, 404, "no such page");
            }
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    URI base() {
        return URI.create(url(""));
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

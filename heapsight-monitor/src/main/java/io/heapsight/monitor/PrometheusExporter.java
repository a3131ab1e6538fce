package io.heapsight.monitor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * Serves the monitor's latest sample and verdict at /metrics for Prometheus (OpenMetrics when the scraper asks for
 * it, else the 0.0.4 text format). Binds 127.0.0.1 unless another address is given explicitly.
 */
public final class PrometheusExporter implements AutoCloseable {
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final java.util.concurrent.ExecutorService executor;
    private final GcDurationHistogram gcHistogram = new GcDurationHistogram();
    private volatile Sample sample;
    private volatile Verdict verdict;

    private PrometheusExporter(HttpServer server, java.util.concurrent.ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts serving on "host:port", ":port" or "port" (host defaults to 127.0.0.1; port 0 picks a free one). */
    public static PrometheusExporter start(String address) throws IOException {
        InetSocketAddress bind = parseAddress(address);
        HttpServer server = HttpServer.create(bind, 0);
        java.util.concurrent.ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "heapsight-prometheus");
            t.setDaemon(true);
            return t;
        });
        PrometheusExporter exporter = new PrometheusExporter(server, executor);
        server.createContext("/metrics", exporter::serve);
        server.createContext("/", ex -> {
            byte[] body = "heapsight monitor: metrics at /metrics\n".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            ex.sendResponseHeaders(ex.getRequestURI().getPath().equals("/") ? 200 : 404, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        });
        server.setExecutor(executor);
        server.start();
        return exporter;
    }

    static InetSocketAddress parseAddress(String address) {
        String a = address.trim();
        String host = "127.0.0.1";
        String port = a;
        int colon = a.lastIndexOf(':');
        if (colon >= 0) {
            if (colon > 0) host = a.substring(0, colon);
            port = a.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not host:port: '" + address + "' (e.g. 127.0.0.1:9404)");
        }
        if (p < 0 || p > 65535) throw new IllegalArgumentException("port out of range: " + p);
        return new InetSocketAddress(host, p);
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Publishes a new sample and verdict; GC events of the sample go into the jvm.gc.duration histogram. */
    public void update(Sample s, Verdict v) {
        for (GcEvent e : s.gcEvents()) gcHistogram.record(e);
        this.sample = s;
        this.verdict = v;
    }

    private void serve(HttpExchange ex) throws IOException {
        String accept = ex.getRequestHeaders().getFirst("Accept");
        boolean om = accept != null && accept.contains("application/openmetrics-text");
        byte[] body = MetricsText.render(sample, verdict, gcHistogram, om).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", om ? OPENMETRICS : TEXT);
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

package io.heapsight.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * A minimal OpenTelemetry Collector for tests: POST /v1/metrics on loopback, the body decoded as an OTLP
 * ExportMetricsServiceRequest (protobuf, gzip if so encoded) with the protocol's own classes, answered 200 with
 * an empty ExportMetricsServiceResponse as the collector does.
 */
final class OtlpReceiver implements AutoCloseable {
    final List<ExportMetricsServiceRequest> requests = new CopyOnWriteArrayList<>();
    final List<String> contentTypes = new CopyOnWriteArrayList<>();
    /** Requests still to be refused with 503 Service Unavailable, as an overloaded collector does. */
    final java.util.concurrent.atomic.AtomicInteger refuse = new java.util.concurrent.atomic.AtomicInteger();
    private final HttpServer server;

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    static OtlpReceiver start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        OtlpReceiver r = new OtlpReceiver(server);
        server.createContext("/v1/metrics", r::handle);
        server.start();
        return r;
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("POST")) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] raw = ex.getRequestBody().readAllBytes();
            if (refuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                ex.sendResponseHeaders(503, -1);
                return;
            }
            contentTypes.add(ex.getRequestHeaders().getFirst("Content-Type"));
            InputStream in = new java.io.ByteArrayInputStream(raw);
            if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) in = new GZIPInputStream(in);
            ExportMetricsServiceRequest req = ExportMetricsServiceRequest.parseFrom(in.readAllBytes());
            requests.add(req);
            byte[] body = ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
            ex.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            ex.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            if (body.length > 0) ex.getResponseBody().write(body);
        }
    }

    /** Every metric of one request with that name. */
    static List<Metric> metrics(ExportMetricsServiceRequest req, String name) {
        List<Metric> out = new ArrayList<>();
        for (ResourceMetrics rm : req.getResourceMetricsList()) {
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric m : sm.getMetricsList()) if (m.getName().equals(name)) out.add(m);
            }
        }
        return out;
    }

    /** The first gauge point of that metric whose attributes include all of {@code attrs}. */
    static Optional<NumberDataPoint> gaugePoint(ExportMetricsServiceRequest req, String name, Map<String, String> attrs) {
        return metrics(req, name).stream().filter(Metric::hasGauge).flatMap(m -> m.getGauge().getDataPointsList().stream())
                .filter(p -> attrs.entrySet().stream().allMatch(a -> p.getAttributesList().stream()
                        .anyMatch(kv -> kv.getKey().equals(a.getKey()) && kv.getValue().getStringValue().equals(a.getValue()))))
                .findFirst();
    }

    static String resourceAttribute(ExportMetricsServiceRequest req, String key) {
        for (KeyValue kv : req.getResourceMetrics(0).getResource().getAttributesList()) {
            if (kv.getKey().equals(key)) return kv.getValue().hasIntValue() ? Long.toString(kv.getValue().getIntValue()) : kv.getValue().getStringValue();
        }
        return null;
    }

    /** Waits until a received request satisfies the condition; returns it. */
    ExportMetricsServiceRequest waitFor(Predicate<ExportMetricsServiceRequest> condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (int i = requests.size() - 1; i >= 0; i--) {
                if (condition.test(requests.get(i))) return requests.get(i);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no OTLP request satisfied the condition within " + seconds + " s; received " + requests.size()
                + (requests.isEmpty() ? "" : ", the last:\n" + requests.get(requests.size() - 1)));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

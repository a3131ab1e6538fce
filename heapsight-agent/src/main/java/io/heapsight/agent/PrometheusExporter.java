package io.heapsight.agent;

import io.heapsight.monitor.Sample;
import io.heapsight.monitor.Verdict;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * Serves a monitor's latest sample and verdict at /metrics for Prometheus, through the Prometheus Java client
 * (OpenMetrics or the 0.0.4 text format as the scraper asks, gzip when asked), and when given the monitor's page at
 * /report: used by the agent inside the JVM and by {@code heapsight monitor --prometheus}, so both serve the same
 * registry ({@link AgentMetrics}).
 * {@link #start} binds 127.0.0.1 unless another address is given explicitly.
 */
public final class PrometheusExporter implements AutoCloseable {
    private final HTTPServer server;
    private final AgentMetrics metrics;
    private final InetSocketAddress address;

    private PrometheusExporter(HTTPServer server, AgentMetrics metrics, InetSocketAddress address) {
        this.server = server;
        this.metrics = metrics;
        this.address = address;
    }

    /** Starts serving on "host:port", ":port" or "port" (host defaults to 127.0.0.1; port 0 picks a free one). */
    public static PrometheusExporter start(String address) throws IOException {
        return start(address, new AgentMetrics());
    }

    /** As {@link #start(String)}, also serving {@code report} (the monitor's HTML page) at /report. */
    public static PrometheusExporter start(String address, Supplier<String> report) throws IOException {
        return start(address, new AgentMetrics(), report);
    }

    static PrometheusExporter start(String address, AgentMetrics metrics) throws IOException {
        return start(address, metrics, null);
    }

    /** Serves a registry that others (the OTLP push) read too, and {@code report} at /report unless null. */
    public static PrometheusExporter start(String address, AgentMetrics metrics, Supplier<String> report) throws IOException {
        InetSocketAddress bind = parseAddress(address);
        HTTPServer.Builder builder = HTTPServer.builder().hostname(bind.getHostString()).port(bind.getPort())
                .registry(metrics.registry());
        if (report != null) builder.defaultHandler(new ReportHandler(report));
        HTTPServer server = builder.buildAndStart();
        return new PrometheusExporter(server, metrics, new InetSocketAddress(bind.getHostString(), server.getPort()));
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
        return InetSocketAddress.createUnresolved(host, p);
    }

    public InetSocketAddress address() {
        return address;
    }

    /** Publishes a new sample and verdict; GC events of the sample go into the jvm.gc.duration histogram. */
    public void update(Sample s, Verdict v) {
        metrics.update(s, v);
    }

    @Override
    public void close() {
        server.close();
    }
}

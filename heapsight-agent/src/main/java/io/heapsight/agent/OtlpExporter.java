package io.heapsight.agent;

import io.heapsight.common.Durations;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Pushes the metrics /metrics serves (one {@link AgentMetrics} registry, converted by {@link OtlpMetrics}) to an
 * OpenTelemetry Collector over OTLP/HTTP with protobuf, at an interval: used by the agent ({@code otlp=URL}) and by
 * {@code heapsight monitor --otlp URL}. A collector that cannot be reached costs one line on stderr per failed push,
 * and the wait before the next one doubles (up to 5 minutes) until a push succeeds; nothing is thrown into the
 * application. The standard variables OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES and OTEL_EXPORTER_OTLP_HEADERS are
 * honoured, as an OpenTelemetry SDK would.
 */
public final class OtlpExporter implements AutoCloseable {
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** The SDK logs failed exports itself through java.util.logging, several lines each: we say it in one. */
    private static Logger sdkLogger;

    private final URI endpoint;
    private final Duration interval;
    private final PrometheusRegistry registry;
    private final long pid;
    private final Map<String, String> env;
    private final long startEpochNanos;
    private final Consumer<String> log;
    private final Thread thread;
    private final Object pushing = new Object();
    private volatile boolean closed;
    private boolean unavailable;
    // built on the pushing thread, not in premain: the SDK's classes, java.util.logging and the host name lookup
    // load after the application has started
    private MetricExporter exporter;
    private Resource resource;
    private int failures;

    private OtlpExporter(URI endpoint, Duration interval, PrometheusRegistry registry, long pid, Map<String, String> env,
                         long startEpochMillis, Consumer<String> log) {
        this.endpoint = endpoint;
        this.interval = interval;
        this.registry = registry;
        this.pid = pid;
        this.env = Map.copyOf(env);
        this.startEpochNanos = TimeUnit.MILLISECONDS.toNanos(startEpochMillis);
        this.log = log;
        this.thread = new Thread(this::run, "heapsight-otlp");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
    }

    /**
     * Starts pushing every {@code interval}, the first push one interval from now.
     *
     * @param url              the collector's OTLP/HTTP address, e.g. http://collector:4318 ({@code /v1/metrics} is added)
     * @param pid              the watched JVM (process.pid, and service.instance.id unless the environment names one)
     * @param startEpochMillis when the watched JVM's cumulative values (CPU time, allocation, GC counts) began
     * @param env              the environment to read the OTEL_* variables from
     */
    public static OtlpExporter start(String url, Duration interval, AgentMetrics metrics, long pid, long startEpochMillis,
                                     Map<String, String> env, Consumer<String> log) {
        URI endpoint = endpoint(url);
        if (interval.toMillis() < 1000) throw new IllegalArgumentException("the OTLP interval must be at least 1s");
        OtlpExporter e = new OtlpExporter(endpoint, interval, metrics.registry(), pid, env, startEpochMillis, log);
        e.thread.start();
        return e;
    }

    /** The collector's base URL with the metrics path, as OTEL_EXPORTER_OTLP_ENDPOINT is read. */
    public static URI endpoint(String url) {
        URI u;
        try {
            u = new URI(url.trim());
        } catch (URISyntaxException e) {
            u = null;
        }
        String scheme = u == null || u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || u.getQuery() != null) {
            throw new IllegalArgumentException("otlp needs the collector's http(s) address, e.g. http://collector:4318, not '" + url + "'");
        }
        if (u.getUserInfo() != null) {
            // never sent by the JDK's client, and it would be printed with every failure: headers carry credentials
            throw new IllegalArgumentException("otlp: no user:password in the address; set OTEL_EXPORTER_OTLP_HEADERS=Authorization=...");
        }
        String path = u.getPath() == null ? "" : u.getPath();
        if (!path.endsWith("/v1/metrics")) path = (path.endsWith("/") ? path.substring(0, path.length() - 1) : path) + "/v1/metrics";
        try {
            return new URI(scheme, null, u.getHost(), u.getPort(), path, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("otlp: not a usable address: '" + url + "'");
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    private void run() {
        Duration wait = interval;
        while (!closed) {
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                return;     // closed: close() makes the last push itself
            }
            if (closed) return;
            if (!ready()) return;
            wait = push();
        }
    }

    /** Builds the exporter once; false (said once) when it cannot run in this JVM, e.g. an image without java.net.http. */
    private boolean ready() {
        synchronized (pushing) {
            if (exporter != null) return true;
            if (unavailable) return false;
            try {
                resource = resource(pid, env);
                exporter = build();
                return true;
            } catch (RuntimeException | LinkageError | java.util.ServiceConfigurationError e) {
                log.accept("OTLP export cannot run here (" + e + "); the metrics stay at /metrics only");
                unavailable = true;
                return false;
            }
        }
    }

    /** One push, after {@link #ready}; returns how long to wait before the next (the interval, or the backoff after a failure). */
    Duration push() {
        synchronized (pushing) {
            String reason;
            try {
                CompletableResultCode result = exporter.export(OtlpMetrics.convert(registry.scrape(), resource, startEpochNanos,
                        TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis())));
                result.join(TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
                if (result.isSuccess()) {
                    if (failures > 0) log.accept("OTLP export to " + endpoint + " works again after " + failures + " failed push"
                            + (failures == 1 ? "" : "es"));
                    failures = 0;
                    return interval;
                }
                reason = !result.isDone() ? "no answer within " + Durations.human(TIMEOUT)
                        : result.getFailureThrowable() != null ? describe(result.getFailureThrowable()) : "refused by the collector";
            } catch (RuntimeException e) {
                reason = describe(e);
            }
            failures++;
            Duration next = backoff(interval, failures);
            log.accept("OTLP export to " + endpoint + " failed (" + reason + "); next try in " + Durations.human(next));
            return next;
        }
    }

    /** The interval doubled per consecutive failure, at most 5 minutes (or the interval, if that is longer). */
    static Duration backoff(Duration interval, int failures) {
        Duration cap = interval.compareTo(MAX_BACKOFF) > 0 ? interval : MAX_BACKOFF;
        Duration d = interval;
        for (int i = 0; i < failures && d.compareTo(cap) < 0; i++) d = d.multipliedBy(2);
        return d.compareTo(cap) > 0 ? cap : d;
    }

    private MetricExporter build() {
        if (sdkLogger == null) {
            String sdk = OtlpHttpMetricExporter.class.getName();
            sdkLogger = Logger.getLogger(sdk.substring(0, sdk.indexOf(".exporter.")));
            sdkLogger.setLevel(Level.OFF);
        }
        var b = OtlpHttpMetricExporter.builder().setEndpoint(endpoint.toString()).setTimeout(TIMEOUT)
                .setConnectTimeout(Duration.ofSeconds(5)).setRetryPolicy(null).setMeterProvider(MeterProvider.noop());
        pairs(env.getOrDefault("OTEL_EXPORTER_OTLP_METRICS_HEADERS", env.getOrDefault("OTEL_EXPORTER_OTLP_HEADERS", "")))
                .forEach(b::addHeader);
        return b.build();
    }

    /** Why a push failed, in a few words: "HTTP 503", "connection refused", "unknown host"... */
    static String describe(Throwable t) {
        if (t instanceof FailedExportException.HttpExportException && ((FailedExportException.HttpExportException) t).failedWithResponse()) {
            return "HTTP " + ((FailedExportException.HttpExportException) t).getResponse().getStatusCode();
        }
        Throwable root = t;
        boolean connect = false;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.nio.channels.UnresolvedAddressException || c instanceof java.net.UnknownHostException) return "unknown host";
            if (c instanceof java.net.http.HttpTimeoutException) return "timed out";
            connect |= c instanceof java.net.ConnectException && (c.getMessage() == null || c.getCause() != null);
            root = c;
        }
        if (connect) return "connection refused";
        String msg = root.getMessage();
        return (root.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg)).replaceAll("\\s+", " ");
    }

    static Resource resource(long pid, Map<String, String> env) {
        Map<String, String> attrs = new LinkedHashMap<>();
        String host = hostName();
        attrs.put("process.pid", Long.toString(pid));
        if (host != null) attrs.put("host.name", host);
        attrs.put("service.instance.id", pid + (host == null ? "" : "@" + host));
        attrs.putAll(pairs(env.getOrDefault("OTEL_RESOURCE_ATTRIBUTES", "")));
        String service = env.get("OTEL_SERVICE_NAME");
        if (service != null && !service.isBlank()) attrs.put("service.name", service.trim());
        AttributesBuilder b = Attributes.builder();
        attrs.forEach((k, v) -> {
            if (k.equals("process.pid")) b.put(k, Long.parseLong(v));
            else b.put(k, v);
        });
        return Resource.getDefault().merge(Resource.create(b.build()));
    }

    /** "k1=v1,k2=v2" with percent-encoded values, as the OTEL_* variables write them; malformed pairs are skipped. */
    static Map<String, String> pairs(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) continue;
            try {
                out.put(pair.substring(0, eq).trim(), URLDecoder.decode(pair.substring(eq + 1).trim(), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // a bad escape: leave that pair out rather than refuse to start
            }
        }
        return out;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** Stops the pushes, after a last one so the collector gets the final state (the monitor's last verdict). */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(TIMEOUT.toMillis() + 10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failures == 0 && ready()) push();
        synchronized (pushing) {
            if (exporter != null) exporter.shutdown().join(5, TimeUnit.SECONDS);
        }
    }
}

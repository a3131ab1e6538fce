package io.heapsight.agent;

import io.heapsight.monitor.DumpThreshold;
import io.heapsight.common.Durations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The agent's options, given as {@code -javaagent:heapsight-agent.jar=key=value,key=value} (or as the options of
 * the Attach API's loadAgent). Unknown keys and bad values are refused with a one-line reason, never ignored.
 *
 * @param host           address the metrics endpoint binds; 0.0.0.0 (all) by default so Prometheus can scrape a pod
 * @param port           metrics port (9404, as the JMX exporter); 0 picks a free one, printed on stderr
 * @param interval       how often the monitor samples this JVM
 * @param warmup         samples before this are ignored by the verdict; null = the monitor's automatic warm-up
 * @param dumpAt         dump when the post-GC heap (or RSS of the container limit) reaches this level; null = never
 * @param dumpDir        where triggered dumps go
 * @param cooldown       at least this long between two triggered dumps (a dump pauses the application)
 * @param keep           triggered dumps kept in dumpDir (newest first), older ones deleted, across restarts too
 * @param otlp           an OpenTelemetry Collector's OTLP/HTTP address to push the same metrics to; null = none
 * @param otlpInterval   how often they are pushed (60s, the OpenTelemetry SDK's default)
 */
public record AgentOptions(String host, int port, Duration interval, Duration warmup, DumpThreshold dumpAt,
                           Path dumpDir, Duration cooldown, int keep, String otlp, Duration otlpInterval) {

    static final String KEYS = "host, port, interval, warmup, dumpAt, dumpDir, cooldown, keep, otlp, otlpInterval";

    public static AgentOptions parse(String args) {
        String host = "0.0.0.0";
        int port = 9404;
        Duration interval = Duration.ofSeconds(5);
        Duration warmup = null;
        DumpThreshold dumpAt = null;
        Path dumpDir = Path.of(System.getProperty("java.io.tmpdir"));
        Duration cooldown = Duration.ofMinutes(30);
        int keep = 3;
        String otlp = null;
        Duration otlpInterval = Duration.ofSeconds(60);
        if (args != null && !args.isBlank()) {
            for (String pair : args.split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("expected key=value, got '" + pair + "' (keys: " + KEYS + ")");
                String key = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                switch (key.toLowerCase(Locale.ROOT)) {
                    case "host" -> host = value;
                    case "port" -> port = integer(key, value, 0, 65535);
                    case "interval" -> interval = Durations.parse(value);
                    case "warmup" -> warmup = Durations.parse(value);
                    case "dumpat" -> dumpAt = DumpThreshold.parse(value);
                    case "dumpdir" -> dumpDir = Path.of(value);
                    case "cooldown" -> cooldown = Durations.parse(value);
                    case "keep" -> keep = integer(key, value, 1, 1000);
                    case "otlp" -> otlp = OtlpExporter.endpoint(value).toString();
                    case "otlpinterval" -> otlpInterval = Durations.parse(value);
                    default -> throw new IllegalArgumentException("unknown option '" + key + "' (keys: " + KEYS + ")");
                }
            }
        }
        if (interval.toMillis() < 100) throw new IllegalArgumentException("interval must be at least 100ms");
        if (otlpInterval.toMillis() < 1000) throw new IllegalArgumentException("otlpInterval must be at least 1s");
        return new AgentOptions(host, port, interval, warmup, dumpAt, dumpDir, cooldown, keep, otlp, otlpInterval);
    }

    private static int integer(String key, String value, int min, int max) {
        try {
            int v = Integer.parseInt(value);
            if (v < min || v > max) throw new IllegalArgumentException(key + " must be " + min + ".." + max + ": " + value);
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not a number: '" + value + "'");
        }
    }
}

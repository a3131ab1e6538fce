package io.heapsight.agent;

import io.heapsight.common.Durations;
import io.heapsight.monitor.DumpResult;
import io.heapsight.monitor.JvmTarget;
import io.heapsight.monitor.Monitor;
import io.heapsight.monitor.MonitorHistory;
import io.heapsight.monitor.MonitorListener;
import io.heapsight.monitor.MonitorPage;
import io.heapsight.monitor.MonitorSettings;
import io.heapsight.monitor.Sample;
import io.heapsight.monitor.Verdict;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.time.Instant;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code java -javaagent:heapsight-agent.jar=port=9404,dumpAt=75%,dumpDir=/dumps -jar app.jar}, or loaded into a
 * running JVM with the Attach API's loadAgent. Runs the monitor's sampler and verdict engine on this JVM itself
 * (a daemon thread), serves them at /metrics and takes threshold dumps. It never stops the application: with
 * -javaagent a bad option or a busy port is one line on stderr and the application runs without the agent; when
 * loaded at run time the same problem fails loadAgent, so whoever attached sees it.
 */
public final class HeapsightAgent {
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    /** The monitor of this JVM, for /report; null until the sampling thread started one. */
    private static volatile Monitor current;
    /** Samples kept (older ones thinned): ~2 KB each, so ~4 MB of the application's heap at most (PERFORMANCE.md). */
    static final int HISTORY = 2_000;

    private HeapsightAgent() {}

    public static void premain(String args, Instrumentation instrumentation) {
        try {
            start(args);
        } catch (RuntimeException | LinkageError e) {
            // anything thrown out of premain aborts the JVM: an image without a module we need must still start
            log((e instanceof LinkageError ? "cannot run here (" + e + ")" : e.getMessage()) + "; the application runs without the agent");
        }
    }

    public static void agentmain(String args, Instrumentation instrumentation) {
        start(args);
    }

    static void start(String args) {
        AgentOptions options;
        try {
            options = AgentOptions.parse(args);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad agent options: " + e.getMessage(), e);
        }
        if (options.dumpAt() != null && !Files.isDirectory(options.dumpDir())) {
            throw new IllegalArgumentException("dumpDir does not exist: " + options.dumpDir());
        }
        if (!STARTED.compareAndSet(false, true)) throw new IllegalStateException("already running in this JVM");
        AgentMetrics metrics = new AgentMetrics();
        PrometheusExporter server;
        try {
            server = PrometheusExporter.start(options.host() + ":" + options.port(), metrics, HeapsightAgent::report);
        } catch (IOException | RuntimeException e) {
            STARTED.set(false);
            throw new IllegalStateException("cannot serve metrics on " + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
        }
        log("metrics at http://" + options.host() + ":" + server.address().getPort() + "/metrics, report at /report"
                + (options.dumpAt() == null ? "" : "; dumps at " + options.dumpAt().percent() + "% into " + options.dumpDir()));
        if (options.otlp() != null) {
            ProcessHandle self = ProcessHandle.current();
            long started = self.info().startInstant().map(Instant::toEpochMilli).orElse(System.currentTimeMillis());
            OtlpExporter otlp = OtlpExporter.start(options.otlp(), options.otlpInterval(), metrics, self.pid(), started,
                    System.getenv(), HeapsightAgent::log);
            log("pushing metrics to " + otlp.endpoint() + " (OTLP) every " + Durations.human(options.otlpInterval()));
        }
        Thread t = new Thread(() -> watch(options, metrics), "heapsight-agent");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        metrics.monitorThread(t);
        t.start();
    }

    /** The monitor's loop on this JVM; restarted after a minute if it ever gives up (it should not). */
    private static void watch(AgentOptions options, AgentMetrics metrics) {
        MonitorSettings settings = MonitorSettings.defaults().withInterval(options.interval()).withWarmup(options.warmup())
                .withOutDir(options.dumpDir());
        while (true) {
            try (JvmTarget self = JvmTarget.inProcess()) {
                DumpTrigger trigger = options.dumpAt() == null ? null
                        : new DumpTrigger(self, options, self.containerMemoryLimit(), HeapsightAgent::log);
                Monitor monitor = new Monitor(self, settings).keepAtMost(HISTORY);
                current = monitor;
                monitor.run(null, new MonitorListener() {
                    @Override
                    public void onSample(Sample sample, Verdict verdict) {
                        metrics.update(sample, verdict);
                        if (trigger != null) {
                            DumpResult r = trigger.check(sample);
                            if (r != null) metrics.dumpTaken();
                        }
                    }

                    @Override
                    public void onMessage(String message) {
                        log(message);
                    }
                });
            } catch (RuntimeException | LinkageError e) {
                log("monitoring stopped (" + e + "); restarting in 60 s");
            }
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The page at /report: this JVM's samples so far, as `monitor --html` draws them. */
    static String report() {
        Monitor m = current;
        MonitorHistory history = m != null ? m.history()
                : new MonitorHistory(List.of(), List.of(), -1, Verdict.inconclusive(0, 0, "not enough samples yet"));
        String command = System.getProperty("sun.java.command", "").strip();
        String main = command.isEmpty() ? "" : " · " + command.split("\\s+", 2)[0];    // not its arguments: they may hold secrets
        return MonitorPage.render("pid " + ProcessHandle.current().pid() + " · Java " + System.getProperty("java.version") + main
                + " (heapsight-agent)", history, System.currentTimeMillis());
    }

    static void log(String message) {
        System.err.println("heapsight-agent: " + message);
    }
}

package io.heapsight.cli;

import io.heapsight.agent.AgentMetrics;
import io.heapsight.agent.OtlpExporter;
import io.heapsight.agent.PrometheusExporter;
import io.heapsight.common.ByteSize;
import io.heapsight.common.ClassHistogram;
import io.heapsight.common.Durations;
import io.heapsight.common.LeakVerdict;
import io.heapsight.monitor.AttachException;
import io.heapsight.monitor.CsvSampleWriter;
import io.heapsight.monitor.DumpThreshold;
import io.heapsight.monitor.JvmTarget;
import io.heapsight.monitor.LiveView;
import io.heapsight.monitor.Monitor;
import io.heapsight.monitor.MonitorJson;
import io.heapsight.monitor.MonitorListener;
import io.heapsight.monitor.MonitorPage;
import io.heapsight.monitor.MonitorResult;
import io.heapsight.monitor.MonitorSettings;
import io.heapsight.monitor.Sample;
import io.heapsight.monitor.Verdict;
import io.heapsight.monitor.VerdictText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Watches a running JVM: live-set trend verdict, evidence triggers, metrics export. */
@Command(name = "monitor", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        header = "Watch a running JVM and judge its live-set trend.",
        description = {"Watch a running JVM: heap per pool, old gen after every GC, GC, allocation rate, RSS, CPU, "
                + "threads, file descriptors, buffers and classes. Judges the live-set trend (leak, no-leak, "
                + "native-growth or inconclusive), can take dumps and class histograms when it matters, and serves "
                + "Prometheus metrics.",
                "Ctrl-C ends it early and still prints the verdict. With --format json, standard output carries JSON "
                + "lines: one per sample, then the summary. Dumps and histograms go to --out-dir (default: the "
                + "current folder)."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.L_OK, ExitCodes.L_INTERNAL, ExitCodes.L_USAGE, ExitCodes.L_BAD_INPUT,
                ExitCodes.L_ATTACH_FAILED, ExitCodes.L_NO_RESOURCE, ExitCodes.L_OUTPUT_FAILED,
                ExitCodes.L_LEAK_FOUND})
final class MonitorCommand implements Callable<Integer> {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    @Parameters(index = "0", arity = "0..1", paramLabel = "PID", description = "Process id of the JVM (see `heapsight ps`).")
    Long pid;

    @Option(names = "--jmx", paramLabel = "URL", description = "Connect to a JMX agent instead (host:port or service:jmx:... URL).")
    String jmx;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "Sampling interval (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this long, e.g. 10m (default: until Ctrl-C).")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Ignore this first part for the verdict (default: a quarter of the time watched, at most 60s).")
    Duration warmup;

    @Mixin
    FormatOptions.TextOrJson output;

    @Mixin
    OutFileOption out;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write one CSV row per sample to FILE (must not exist).")
    Path csv;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write the picture of the run to FILE at the end: a self-contained HTML page with the live set"
                    + " after each GC, its fitted trend and confidence band, heap, RSS, GC markers and the verdict.")
    Path html;

    @Option(names = "--no-live", description = "One plain line per sample instead of the refreshing terminal view.")
    boolean noLive;

    @Option(names = "--dump-at", paramLabel = "PCT", converter = ThresholdConverter.class,
            description = "Dump when the heap after GC reaches PCT of the max heap (75%%) or RSS reaches PCT of the "
                    + "container limit (90%%container); again only after it fell below 60%%.")
    DumpThreshold dumpAt;

    @Option(names = "--dump-every", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Take a dump at this interval, e.g. 10m.")
    Duration dumpEvery;

    @Option(names = "--keep", paramLabel = "N", defaultValue = "5", description = "Periodic dumps to keep (default ${DEFAULT-VALUE}).")
    int keep;

    @Option(names = "--histogram-every", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Class histogram at this interval (a full GC each); the first and last are diffed at the end.")
    Duration histogramEvery;

    @Mixin
    OutDirOption outDir;

    @Option(names = "--gz", paramLabel = "N", defaultValue = "0", description = "Gzip level 1-9 for triggered dumps (default: none, plain HPROF).")
    int gzip;

    @Option(names = "--jfr-old-objects",
            description = "Record JFR OldObjectSample in the target and save their reference chains to a .jfr at the end.")
    boolean jfrOldObjects;

    @Option(names = "--prometheus", paramLabel = "HOST:PORT",
            description = "Serve OpenMetrics at http://HOST:PORT/metrics, e.g. 127.0.0.1:9404 (host defaults to "
                    + "127.0.0.1), and the page of --html, as it stands, at /report.")
    String prometheus;

    @Option(names = "--otlp", paramLabel = "URL",
            description = "Also push the same metrics over OTLP/HTTP to an OpenTelemetry Collector at URL (its base "
                    + "address; /v1/metrics is added), and once more at the end with the final verdict.")
    String otlp;

    @Option(names = "--otlp-interval", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "How often --otlp pushes (default: ${DEFAULT-VALUE}, at least 1s).")
    Duration otlpInterval;

    @Option(names = "--probe-gc", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Run a full GC in the target at this interval (e.g. 15s, at least 5s) for a clean live-set point"
                    + " each: a verdict within minutes on targets that rarely collect. Each is a stop-the-world pause,"
                    + " shown and counted.")
    Duration probeGc;

    @Option(names = "--fail-on-leak", description = "Exit with code 10 when the final verdict is leak.")
    boolean failOnLeak;

    @Override
    public Integer call() throws Exception {
        if ((pid == null) == (jmx == null)) throw new CliException(ExitCodes.USAGE, "give either a PID or --jmx URL");
        Path dir = outDir.dir != null ? outDir.dir : Path.of(".");
        MonitorSettings settings = settings(dir);
        if (csv != null && Files.exists(csv)) throw new CliException(ExitCodes.BAD_INPUT, "will not overwrite " + csv);
        // found out now, not after an hour of watching
        if (html != null && Files.isDirectory(html)) throw new CliException(ExitCodes.BAD_INPUT, "--html " + html + " is a directory");
        if (otlp != null) checkOtlp();
        if ((dumpAt != null || dumpEvery != null || histogramEvery != null || jfrOldObjects) && !Files.isDirectory(dir)) {
            throw new CliException(ExitCodes.BAD_INPUT, "--out-dir does not exist: " + dir);
        }
        JvmTarget target;
        try {
            target = pid != null ? JvmTarget.attach(pid) : JvmTarget.connect(jmx);
        } catch (AttachException e) {
            throw new CliException(ExitCodes.ATTACH_FAILED, e.getMessage(), e);
        }
        AgentMetrics metrics = prometheus != null || otlp != null ? new AgentMetrics() : null;
        PrometheusExporter exporter = null;
        OtlpExporter pusher = null;
        CsvSampleWriter csvWriter = null;
        Monitor monitor = new Monitor(target, settings);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            monitor.stop();
            try {
                finished.await(15, TimeUnit.SECONDS);   // let the summary be printed before the JVM exits
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "heapsight-monitor-stop");
        try {
            if (prometheus != null) {
                try {
                    exporter = PrometheusExporter.start(prometheus, metrics,
                            () -> MonitorPage.render(who(target), monitor.history(), System.currentTimeMillis()));
                } catch (IOException e) {
                    throw new CliException(ExitCodes.NO_RESOURCE, "cannot serve metrics on " + prometheus + ": " + e.getMessage());
                }
                System.err.println("heapsight monitor: metrics at http://" + exporter.address().getHostString() + ":"
                        + exporter.address().getPort() + "/metrics, its page at /report");
            }
            if (otlp != null) pusher = startOtlp(target, metrics);
            if (csv != null) csvWriter = new CsvSampleWriter(csv);
            Runtime.getRuntime().addShutdownHook(hook);
            Output sink = new Output(target, metrics, csvWriter);
            if (!output.isJson()) {
                System.err.println("heapsight monitor: watching pid " + target.pid() + " (Java " + target.javaVersion() + ", "
                        + String.join(", ", target.collectorNames()) + "; live set = " + target.oldPoolName() + " after GC)"
                        + (duration != null ? " for " + Durations.humanSeconds(duration.toSeconds()) : "; Ctrl-C to stop"));
            }
            MonitorResult result = monitor.run(duration, sink);
            sink.finish(result);
            if (html != null) writeHtml(monitor, target, result);
            if (result.targetLost()) {
                throw new CliException(ExitCodes.ATTACH_FAILED, "target pid " + target.pid() + " " + result.lostReason()
                        + " after " + result.samples() + " samples; the summary covers them");
            }
            return failOnLeak && result.verdict().kind() == LeakVerdict.LEAK ? ExitCodes.LEAK_FOUND : ExitCodes.OK;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // shutting down already, or the hook was never added
            }
            if (exporter != null) exporter.close();
            if (pusher != null) pusher.close();
            if (csvWriter != null) csvWriter.close();
            target.close();
        }
    }

    private void writeHtml(Monitor monitor, JvmTarget target, MonitorResult result) {
        String page = MonitorPage.render(who(target), monitor.history(), System.currentTimeMillis(), result.dumps());
        ReportOutput.write(page, html, "monitor", csv == null ? List.of() : List.of(csv));
    }

    private static String who(JvmTarget target) {
        return "pid " + target.pid() + " · Java " + target.javaVersion() + " · " + String.join(", ", target.collectorNames());
    }

    private void checkOtlp() {
        try {
            OtlpExporter.endpoint(otlp);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "--" + e.getMessage());
        }
        if (otlpInterval.toMillis() < 1000) throw new CliException(ExitCodes.USAGE, "--otlp-interval must be at least 1s");
    }

    private OtlpExporter startOtlp(JvmTarget target, AgentMetrics metrics) {
        // cumulative values (CPU time, allocation, GCs) count from the target's start; a remote target's is unknown here
        long started = target.local() ? ProcessHandle.of(target.pid()).flatMap(h -> h.info().startInstant())
                .map(java.time.Instant::toEpochMilli).orElse(System.currentTimeMillis()) : System.currentTimeMillis();
        OtlpExporter pusher = OtlpExporter.start(otlp, otlpInterval, metrics, target.pid(), started, System.getenv(),
                m -> System.err.println("heapsight monitor: " + m));
        System.err.println("heapsight monitor: pushing metrics to " + pusher.endpoint() + " (OTLP) every "
                + Durations.human(otlpInterval));
        return pusher;
    }

    private MonitorSettings settings(Path dir) {
        try {
            return new MonitorSettings(interval, warmup, dumpAt, dumpEvery, keep, histogramEvery, dir, gzip, jfrOldObjects, probeGc);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
    }

    /** Sends each sample to the chosen outputs: JSON lines, live view or plain lines, CSV, Prometheus. */
    private final class Output implements MonitorListener {
        private final JvmTarget target;
        private final AgentMetrics metrics;
        private final CsvSampleWriter csvWriter;
        private final LiveView view;
        private final PrintStream out = System.out;
        private boolean first = true;

        Output(JvmTarget target, AgentMetrics metrics, CsvSampleWriter csvWriter) {
            this.target = target;
            this.metrics = metrics;
            this.csvWriter = csvWriter;
            boolean terminal = System.console() != null && System.console().isTerminal();
            this.view = !output.isJson() && !noLive && terminal
                    ? new LiveView("heapsight monitor — pid " + target.pid() + " (Java " + target.javaVersion() + ")") : null;
        }

        @Override
        public void onSample(Sample s, Verdict v) {
            if (metrics != null) metrics.update(s, v);
            if (csvWriter != null) csvWriter.write(s, v);
            if (output.isJson()) {
                out.println(MonitorJson.sample(target.pid(), s, v));
            } else if (view != null) {
                view.add(s);
                // cursor home, each line cleared to its end, then the rest of the screen: no flicker
                StringBuilder frame = new StringBuilder(first ? "\033[H\033[2J" : "\033[H");
                view.render(v).lines().forEach(l -> frame.append(l).append("\033[K\n"));
                frame.append("\033[J");
                first = false;
                out.print(frame);
                out.flush();
            } else {
                out.printf("%s heap %s/%s  old-after-GC %s  GCs %d (%d ms)  alloc %s/s  RSS %s  cpu %s  threads %d  verdict %s%n",
                        LocalTime.now().format(CLOCK), ByteSize.formatOrUnknown(s.heapUsed()), ByteSize.formatOrUnknown(s.heapMax()),
                        ByteSize.formatOrUnknown(s.oldGenAfterLastGc()), s.gcCount(), s.gcTimeMillis(), ByteSize.formatOrUnknown(s.allocationRate()),
                        ByteSize.formatOrUnknown(s.rssBytes()),
                        Double.isNaN(s.processCpuLoad()) ? "?" : Math.round(s.processCpuLoad() * 100) + "%", s.threads(),
                        v.kind().token());
            }
        }

        @Override
        public void onMessage(String message) {
            if (output.isJson()) {
                out.println(MonitorJson.message(message));
            } else if (view != null) {
                view.message(message);
            } else {
                System.err.println("heapsight monitor: " + message);
            }
        }

        void finish(MonitorResult r) throws IOException {
            out.flush();
            ReportOutput.write(output.isJson() ? MonitorJson.summary(target.pid(), r) + "\n" : summary(r), MonitorCommand.this.out.file,
                    "monitor", csv == null ? List.of() : List.of(csv));
        }

        private String summary(MonitorResult r) {
            StringWriter text = new StringWriter();
            PrintWriter w = new PrintWriter(text);
            w.println();
            w.println("summary after " + r.samples() + " samples of pid " + target.pid() + ":");
            w.print(VerdictText.summary(r.verdict()));
            if (r.targetLost()) w.println("  (the target " + r.lostReason() + " before the end)");
            if (r.probes().interval() != null) {
                double watched = r.first() == null ? 0 : (r.last().uptimeMillis() - r.first().uptimeMillis()) / 1000.0;
                w.printf("  probe GCs: %d (every %s), pauses %d ms in total, longest %d ms (%.2f%% of the time watched)%n",
                        r.probes().count(), Durations.humanSeconds(r.probes().interval().toSeconds()), r.probes().totalPauseMillis(),
                        r.probes().maxPauseMillis(), r.probes().percentOf(watched));
            }
            for (var d : r.dumps()) {
                w.println("  dump: " + d.path() + " (" + ByteSize.formatOrUnknown(d.sizeBytes()) + ")" + (Files.exists(d.path()) ? "" : " [rotated out]"));
            }
            if (!r.histogramGrowth().isEmpty()) {
                w.println("  classes that grew most between the first and last histogram:");
                for (ClassHistogram.Growth g : r.histogramGrowth().subList(0, Math.min(10, r.histogramGrowth().size()))) {
                    w.printf("    %+12d objects %12s  %s%n", g.deltaInstances(), ByteSize.format(g.deltaBytes()), g.className());
                }
            }
            if (!r.nmtSummaryDiff().isEmpty()) {
                w.println("  native memory tracking, change since the start (NMT summary.diff):");
                r.nmtSummaryDiff().lines().limit(40).forEach(l -> w.println("    " + l));
            }
            if (r.jfrRecording() != null) w.println("  JFR old-object samples: " + r.jfrRecording());
            w.flush();
            return text.toString();
        }
    }

    static final class ThresholdConverter implements CommandLine.ITypeConverter<DumpThreshold> {
        @Override
        public DumpThreshold convert(String value) {
            try {
                return DumpThreshold.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}

package io.heapsight.cli;

import io.heapsight.common.ByteSize;
import io.heapsight.common.Durations;
import io.heapsight.common.LeakVerdict;
import io.heapsight.load.LeakRule;
import io.heapsight.load.LoadDriver;
import io.heapsight.load.LoadException;
import io.heapsight.load.LoadListener;
import io.heapsight.load.LoadOptions;
import io.heapsight.load.LoadResult;
import io.heapsight.load.MemorySample;
import io.heapsight.load.TargetPolicy;
import io.heapsight.load.DiagnosticsUrlProbe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        header = "Drive load at a URL and judge its live set: leak or not.",
        description = {"Drive load at a URL, bounded in count and time, and compare the target's live set before "
                + "and after (read from its /api/diagnostics after a forced GC): leak or stable.",
                "Loopback targets only unless --allow-remote. "
                + "See docs/demo.md."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.L_OK, ExitCodes.L_INTERNAL, ExitCodes.L_USAGE, ExitCodes.L_BAD_INPUT,
                ExitCodes.L_ATTACH_FAILED, ExitCodes.L_NO_RESOURCE, ExitCodes.L_OUTPUT_FAILED,
                ExitCodes.L_LEAK_FOUND})
final class LoadCommand implements Callable<Integer> {

    @Parameters(paramLabel = "URL", description = "The URL to load ({n} in it becomes the request number).")
    String url;

    @Mixin
    ConcurrencyOption concurrency;

    @Option(names = {"-n", "--requests"}, paramLabel = "N",
            description = "Stop after N requests (time bound then 10m unless --duration is given).")
    Long requests;

    @Option(names = {"-d", "--duration"}, paramLabel = "TIME", converter = DurationConverter.class,
            description = "Stop after this long, e.g. 60s, 2m or 500ms (default: 60s when --requests is not given).")
    Duration duration;

    @Option(names = "--ws-abort", description = "Open a websocket per request and abort it without a close handshake.")
    boolean wsAbort;

    @Option(names = "--allow-remote", description = "Allow a target that is not on this machine.")
    boolean allowRemote;

    @Option(names = "--probe", paramLabel = "URL",
            description = "Where to read memory (a service with /api/collect and /api/diagnostics; default: the "
                    + "target's host and port).")
    String probeUrl;

    @Option(names = "--no-probe", description = "Do not read memory: load only, no verdict.")
    boolean noProbe;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "0",
            description = "Requests sent before the first memory reading and not counted (default: ${DEFAULT-VALUE}).")
    long warmup;

    @Option(names = "--min-growth", paramLabel = "SIZE",
            description = "Growth that counts as a leak at least (default: 4MB; the threshold is the larger of this "
                    + "and 10%% of the live set before).")
    String minGrowth;

    @Mixin
    FormatOptions.TextOrJson output;

    @Mixin
    OutFileOption out;

    @Mixin
    ProgressOptions progress;

    @Option(names = "--fail-on-leak", description = "Exit with code 10 when the verdict is leak.")
    boolean failOnLeak;

    @Override
    public Integer call() throws Exception {
        LoadResult result;
        try {
            TargetPolicy.check(url, allowRemote);   // a clear message before anything else reads the URL
            result = LoadDriver.run(options());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.BAD_INPUT, e.getMessage());
        } catch (LoadException e) {
            int code = switch (e.reason()) {
                case BAD_TARGET -> ExitCodes.BAD_INPUT;
                case REMOTE_NOT_ALLOWED -> ExitCodes.USAGE;
                case UNREACHABLE -> ExitCodes.ATTACH_FAILED;
            };
            throw new CliException(code, e.getMessage());
        }
        ReportOutput.write(output.isJson() ? result.toJson() + "\n" : text(result), out.file, "load", List.of(), progress.log());
        return failOnLeak && result.verdict() == LeakVerdict.LEAK ? ExitCodes.LEAK_FOUND : ExitCodes.OK;
    }

    /** The result as text: the two readings, the load, the verdict last. */
    static String text(LoadResult r) {
        StringBuilder b = new StringBuilder();
        if (r.before() != null) b.append("before: ").append(r.before().describe()).append(" (from ").append(r.probe()).append(")\n");
        if (r.after() != null) b.append("after:  ").append(r.after().describe()).append('\n');
        b.append("load: ").append(r.loadLine()).append('\n');
        if (r.firstError() != null) b.append("first error: ").append(r.firstError()).append('\n');
        return b.append(r.verdictLine()).append('\n').toString();
    }

    private LoadOptions options() {
        if (requests != null && requests < 1) {
            throw new IllegalArgumentException("--requests must be at least 1, got " + requests);
        }
        if (noProbe && probeUrl != null) {
            throw new IllegalArgumentException("--probe and --no-probe exclude each other");
        }
        Duration maxDuration = duration != null ? duration
                : requests != null ? LoadOptions.DEFAULT_CAP_WITH_REQUESTS : LoadOptions.DEFAULT_DURATION;
        LeakRule rule = minGrowth == null ? LeakRule.DEFAULT
                : new LeakRule(ByteSize.parse(minGrowth), LeakRule.DEFAULT_RELATIVE_GROWTH);
        var probe = noProbe ? null
                : probeUrl != null ? new DiagnosticsUrlProbe(URI.create(probeUrl))
                : LoadOptions.defaultProbe(url);
        return new LoadOptions(url, concurrency.concurrency, requests == null ? 0 : requests, maxDuration, wsAbort, allowRemote,
                probe, rule, warmup, null, null, listener());
    }

    /** While the load runs: the readings and the progress on stderr (the result is printed at the end). */
    private LoadListener listener() {
        return new LoadListener() {
            @Override
            public void before(MemorySample sample, String probe) {
                progress.info("load", "before: " + sample.describe() + " (from " + probe + ")");
            }

            @Override
            public void loadStarted(LoadOptions options) {
                // announced once the target answered: a bad target is one line of error, nothing before it
                progress.info("load", "loading " + options.target() + " (" + options.concurrency() + " concurrent, "
                        + (options.maxRequests() > 0 ? options.maxRequests() + " requests or " : "") + "at most "
                        + Durations.human(options.maxDuration()) + (options.wsAbort() ? ", websockets aborted" : "") + ")");
            }

            @Override
            public void after(MemorySample sample, String probe) {
                progress.info("load", "after: " + sample.describe());
            }

            @Override
            public void probeFailed(String when, String message) {
                System.err.println("heapsight load: warning: no memory reading " + when + " the load: " + message);
            }

            @Override
            public void progress(long requests, long errors, Duration elapsed) {
                progress.info("load", Durations.human(elapsed) + ": " + requests + " requests, " + errors + " errors");
            }
        };
    }
}

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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Drive load at a URL, bounded in count and time, and compare the target's live set before "
                + "and after (read from its /api/diagnostics after a forced GC): leak or stable.",
                "Loopback targets only unless --allow-remote. {n} in the URL becomes the request number. "
                + "See docs/demo.md."})
final class LoadCommand implements Callable<Integer> {

    @Parameters(paramLabel = "URL", description = "e.g. http://127.0.0.1:8080/api/cache/leaky")
    String url;

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "12",
            description = "Requests in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = {"-n", "--requests"}, paramLabel = "N",
            description = "Stop after N requests (time bound then 10 min unless --duration is given).")
    Long requests;

    @Option(names = {"-d", "--duration"}, paramLabel = "TIME",
            description = "Stop after this long: 60s, 2m, 500ms (default 60s when --requests is not given).")
    String duration;

    @Option(names = "--ws-abort", description = "Open a websocket per request and abort it without a close handshake.")
    boolean wsAbort;

    @Option(names = "--allow-remote", description = "Allow a target that is not on this machine.")
    boolean allowRemote;

    @Option(names = "--probe", paramLabel = "URL",
            description = "Where to read memory (a service with /api/collect and /api/diagnostics); default: the target's host and port.")
    String probeUrl;

    @Option(names = "--no-probe", description = "Do not read memory: load only, no verdict.")
    boolean noProbe;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "0",
            description = "Requests sent before the first memory reading and not counted (default: ${DEFAULT-VALUE}).")
    long warmup;

    @Option(names = "--min-growth", paramLabel = "SIZE",
            description = "Growth that counts as a leak at least (default 4MB; the threshold is the larger of this and 10%% of the live set before).")
    String minGrowth;

    @Option(names = "--json", description = "Print the result as one line of JSON, last.")
    boolean json;

    @Option(names = "--fail-on-leak", description = "Exit with code 10 when the verdict is leak.")
    boolean failOnLeak;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        LoadResult result;
        try {
            TargetPolicy.check(url, allowRemote);   // a clear message before anything else reads the URL
            LoadOptions options = options(out, err);
            out.println("target: " + options.target() + " (" + options.concurrency() + " concurrent, "
                    + (options.maxRequests() > 0 ? options.maxRequests() + " requests or " : "") + "at most "
                    + Durations.human(options.maxDuration()) + (options.wsAbort() ? ", websockets aborted" : "") + ")");
            result = LoadDriver.run(options);
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
        out.println("load: " + result.loadLine());
        if (result.firstError() != null) {
            out.println("first error: " + result.firstError());
        }
        out.println(result.verdictLine());
        if (json) {
            out.println(result.toJson());
        }
        out.flush();
        return failOnLeak && result.verdict() == LeakVerdict.LEAK ? ExitCodes.LEAK_FOUND : ExitCodes.OK;
    }

    private LoadOptions options(PrintStream out, PrintStream err) {
        if (requests != null && requests < 1) {
            throw new IllegalArgumentException("--requests must be at least 1, got " + requests);
        }
        if (noProbe && probeUrl != null) {
            throw new IllegalArgumentException("--probe and --no-probe exclude each other");
        }
        Duration maxDuration = duration != null ? Durations.parse(duration)
                : requests != null ? LoadOptions.DEFAULT_CAP_WITH_REQUESTS : LoadOptions.DEFAULT_DURATION;
        LeakRule rule = minGrowth == null ? LeakRule.DEFAULT
                : new LeakRule(ByteSize.parse(minGrowth), LeakRule.DEFAULT_RELATIVE_GROWTH);
        var probe = noProbe ? null
                : probeUrl != null ? new DiagnosticsUrlProbe(URI.create(probeUrl))
                : LoadOptions.defaultProbe(url);
        return new LoadOptions(url, concurrency, requests == null ? 0 : requests, maxDuration, wsAbort, allowRemote,
                probe, rule, warmup, null, null, printer(out, err));
    }

    private static LoadListener printer(PrintStream out, PrintStream err) {
        return new LoadListener() {
            @Override
            public void before(MemorySample sample, String probe) {
                out.println("before: " + sample.describe() + " (from " + probe + ")");
            }

            @Override
            public void after(MemorySample sample, String probe) {
                out.println("after:  " + sample.describe());
            }

            @Override
            public void probeFailed(String when, String message) {
                err.println("heapsight load: warning: no memory reading " + when + " the load: " + message);
            }

            @Override
            public void progress(long requests, long errors, Duration elapsed) {
                err.println("  " + Durations.human(elapsed) + ": " + requests + " requests, " + errors + " errors");
            }
        };
    }
}

package io.heapsight.cli;

import io.heapsight.analysis.diff.DiffReport;
import io.heapsight.common.LeakVerdict;
import io.heapsight.demo.DemoCatalog;
import io.heapsight.demo.DemoProcess;
import io.heapsight.demo.DemoServer;
import io.heapsight.demo.DemoStartException;
import io.heapsight.load.LoadException;
import io.heapsight.monitor.AttachException;
import io.heapsight.monitor.DumpException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "investigate", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        header = "Dump under load, diff the dumps, and name the leak.",
        description = {"The whole investigation in one command: dump a JVM at intervals while it runs under load, diff "
                + "the dumps, name the field that grows, and write an HTML report.",
                "With --demo it starts the leaky demo service, loads its unbounded cache, and finds the leak. With --pid "
                + "it does the same against a running JVM, with --load URL to drive traffic, or waiting --interval "
                + "between dumps.",
                "Dumps and reports go to --out-dir (default: heapsight-investigation-TIMESTAMP in the current folder). "
                + "Progress goes to stderr; standard output carries the result (text, or JSON with --format json)."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.L_OK, ExitCodes.L_INTERNAL, ExitCodes.L_USAGE, ExitCodes.L_ATTACH_FAILED,
                ExitCodes.L_NO_RESOURCE, ExitCodes.L_OUTPUT_FAILED, ExitCodes.L_LEAK_FOUND})
final class InvestigateCommand implements Callable<Integer> {

    static final class Target {
        @Option(names = "--demo", required = true, description = "Start the demo service and investigate it.")
        boolean demo;

        @Option(names = "--pid", required = true, paramLabel = "PID", description = "Investigate this running JVM.")
        Long pid;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--load", paramLabel = "URL", description = "Drive this URL between dumps (with --pid; loopback only).")
    String loadUrl;

    @Option(names = "--endpoint", paramLabel = "PATH", description = "Demo endpoint to load (default: ${DEFAULT-VALUE}).")
    String endpoint = DemoCatalog.CLASSIC_LEAK_PATH;

    @Option(names = "--dumps", paramLabel = "N", description = "Dumps to take, at least 2 (default: ${DEFAULT-VALUE}).")
    int dumps = 3;

    @Option(names = "--requests", paramLabel = "N",
            description = "Requests per load round (default: ${DEFAULT-VALUE}; 0 means use --duration).")
    long requests = 1500;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "20s", converter = DurationConverter.class,
            description = "Length of a load round when --requests is 0 (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Mixin
    ConcurrencyOption concurrency;

    @Option(names = "--interval", paramLabel = "TIME", defaultValue = "60s", converter = DurationConverter.class,
            description = "With --pid and no --load: time between dumps (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Mixin
    OutDirOption outDir;

    /** The folder option's spelling before --out-dir was the one name for folders. */
    @Option(names = {"-o", "--out"}, paramLabel = "DIR", hidden = true, description = "Same as --out-dir.")
    Path legacyOutDir;

    @Mixin
    FormatOptions.TextOrJson output;

    @Mixin
    ProgressOptions progress;

    @Option(names = "--keep-dumps", description = "Keep the heap dumps (by default they are deleted once compared).")
    boolean keepDumps;

    @Option(names = "--top", paramLabel = "N", description = "Rows per table (default: ${DEFAULT-VALUE}).")
    int top = 10;

    @Option(names = "--fail-on-leak", description = "Exit with 10 when a growing holder is found.")
    boolean failOnLeak;

    @Override
    public Integer call() throws Exception {
        if (dumps < 2) throw new CliException(ExitCodes.USAGE, "--dumps must be at least 2 to compare");
        if (requests < 0 || duration.toMillis() < 1 || interval.toMillis() < 1 || concurrency.concurrency < 1) {
            throw new CliException(ExitCodes.USAGE, "--requests, --duration, --interval and --concurrency must be positive");
        }
        Path chosen = outDir.dir != null ? outDir.dir : legacyOutDir;
        Path dir = chosen != null ? chosen : Paths.get("heapsight-investigation-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new CliException(ExitCodes.USAGE, dir + " exists and is not a folder");
        }
        if (!isEmptyOrAbsent(dir)) {
            // its reports and dumps would replace files of the same name, and cleaning up could touch what is not ours
            throw new CliException(ExitCodes.USAGE, dir + " is not empty; give --out-dir a new or empty folder");
        }
        Investigation.Outcome outcome;
        try {
            outcome = target.demo ? investigateDemo(dir) : investigatePid(dir);
        } catch (Investigation.TargetLostException e) {
            throw new CliException(ExitCodes.ATTACH_FAILED, e.getMessage() + (e.dumps.isEmpty() ? "; no dump was taken"
                    : "; kept " + String.join(", ", e.dumps.stream().map(p -> p.getFileName().toString()).toList()) + " in "
                    + dir.toAbsolutePath() + (e.dumps.size() >= 2 ? " (compare them with heapsight diff)" : "")));
        } catch (AttachException e) {
            throw new CliException(ExitCodes.ATTACH_FAILED, e.getMessage());
        } catch (DumpException e) {
            throw new CliException(ExitCodes.NO_RESOURCE, e.getMessage());
        } catch (LoadException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
        DiffReport diff = outcome.diff();
        if (!keepDumps) Investigation.deleteDumps(outcome.dumps());
        System.out.print(output.isJson() ? json(outcome) : text(outcome));
        System.out.flush();
        return failOnLeak && diff.verdict() == LeakVerdict.LEAK ? ExitCodes.LEAK_FOUND : ExitCodes.OK;
    }

    private static boolean isEmptyOrAbsent(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return true;
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private String text(Investigation.Outcome outcome) {
        Path dir = outcome.htmlReport().toAbsolutePath().getParent();
        String dumpsLine = keepDumps
                ? "dumps kept: " + String.join(", ", outcome.dumps().stream().map(p -> p.toAbsolutePath().toString()).toList()) + "\n"
                        + "explore: heapsight open " + dir + "\n"
                : "dumps deleted after the comparison (--keep-dumps keeps them to explore: heapsight open " + dir + ")\n";
        return "\n" + io.heapsight.report.InvestigationReport.text(outcome.run(), outcome.diff(), Math.min(top, 5)) + "\n"
                + "report: " + outcome.htmlReport().toAbsolutePath() + " (JSON: " + outcome.jsonReport().getFileName() + ")\n"
                + dumpsLine + Investigation.verdictLine(outcome.diff(), outcome.run()) + "\n";
    }

    /** The investigation as one JSON document: where everything went, the verdict, and the diff report itself. */
    private String json(Investigation.Outcome outcome) throws IOException {
        Map<String, Object> doc = CliJson.document("investigate");
        doc.put("verdict", outcome.diff().verdict().token());
        doc.put("summary", Investigation.verdictLine(outcome.diff(), outcome.run()));
        doc.put("outDir", outcome.htmlReport().toAbsolutePath().getParent().toString());
        List<Map<String, Object>> files = new ArrayList<>();
        for (Path p : outcome.dumps()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("path", p.toAbsolutePath().toString());
            f.put("kept", Files.exists(p));
            files.add(f);
        }
        doc.put("dumps", files);
        Map<String, Object> reports = new LinkedHashMap<>();
        reports.put("html", outcome.htmlReport().toAbsolutePath().toString());
        reports.put("json", outcome.jsonReport().toAbsolutePath().toString());
        doc.put("reports", reports);
        doc.put("diff", CliJson.parse(Files.readString(outcome.jsonReport())));
        return CliJson.write(doc) + "\n";
    }

    private Investigation.Outcome investigatePid(Path dir) throws Exception {
        long pid = target.pid;
        if (pid == ProcessHandle.current().pid()) throw new CliException(ExitCodes.USAGE, "--pid is heapsight's own process");
        Investigation.Round between = loadUrl != null
                ? Investigation.loadRounds(loadUrl, requests, duration, concurrency.concurrency)
                : Investigation.waitRounds(interval);
        progress.info("investigate", "JVM " + pid + ", " + dumps + " dumps into " + dir);
        return new Investigation(pid, dir, dumps, progress.log(), "JVM " + pid, loadUrl).run(between, top);
    }

    private Investigation.Outcome investigateDemo(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path log = dir.resolve("demo.log");
        try (PrintStream demoLog = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
            DemoProcess demo;
            try {
                demo = DemoLauncher.start(DemoServer.DEFAULT_HOST, 0, DemoProcess.DEFAULT_MAX_HEAP, demoLog);
            } catch (DemoStartException e) {
                throw new CliException(ExitCodes.NO_RESOURCE, "the demo service did not start: " + e.getMessage() + " (see " + log + ")");
            }
            try (demo) {
                String url = demo.uri() + endpoint;
                progress.info("investigate", "demo service pid " + demo.pid() + " at " + demo.uri() + "; loading " + endpoint
                        + " (" + requests + " requests per round), " + dumps + " dumps into " + dir);
                waitForAttachable(demo.pid());
                Investigation.Round between = Investigation.loadRounds(url, requests, duration, concurrency.concurrency);
                return new Investigation(demo.pid(), dir, dumps, progress.log(), "demo service pid " + demo.pid() + " at " + demo.uri(), url)
                        .run(between, top);
            }
        }
    }

    /** A JVM younger than ~2 s may not answer the attach handshake yet. */
    private static void waitForAttachable(long pid) throws InterruptedException {
        long age = ProcessHandle.of(pid).flatMap(p -> p.info().startInstant())
                .map(s -> Duration.between(s, java.time.Instant.now()).toMillis()).orElse(0L);
        if (age < 3000) Thread.sleep(3000 - age);
    }
}

package io.heapsight.cli;

import io.heapsight.analysis.diff.DiffReport;
import io.heapsight.common.LeakVerdict;
import io.heapsight.demo.DemoCatalog;
import io.heapsight.demo.DemoServer;
import io.heapsight.load.LoadException;
import io.heapsight.monitor.AttachException;
import io.heapsight.monitor.DumpException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

@Command(name = "investigate", mixinStandardHelpOptions = true,
        description = {"The whole investigation in one command: dump a JVM at intervals while it runs under load, diff the dumps,",
                "name the field that grows, and write an HTML report.",
                "  --demo       starts the leaky demo service, loads its unbounded cache, and finds the leak",
                "  --pid PID    the same against a running JVM, with --load URL to drive traffic or waiting --interval between dumps",
                "Exit codes: 0 done (leak or not), 10 leak found with --fail-on-leak, 6 attach failed, 2 bad usage."})
final class InvestigateCommand implements Callable<Integer> {

    static final class Target {
        @Option(names = "--demo", required = true, description = "start the demo service and investigate it")
        boolean demo;

        @Option(names = "--pid", required = true, paramLabel = "PID", description = "investigate this running JVM")
        Long pid;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--load", paramLabel = "URL", description = "drive this URL between dumps (with --pid; loopback only)")
    String loadUrl;

    @Option(names = "--endpoint", paramLabel = "PATH", description = "demo endpoint to load (default ${DEFAULT-VALUE})")
    String endpoint = DemoCatalog.CLASSIC_LEAK_PATH;

    @Option(names = "--dumps", paramLabel = "N", description = "dumps to take, at least 2 (default ${DEFAULT-VALUE})")
    int dumps = 3;

    @Option(names = "--requests", paramLabel = "N", description = "requests per load round (default ${DEFAULT-VALUE}; 0 = use --duration)")
    long requests = 1500;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "seconds per load round when --requests is 0 (default ${DEFAULT-VALUE})")
    long durationSeconds = 20;

    @Option(names = "--concurrency", paramLabel = "N", description = "concurrent requests (default ${DEFAULT-VALUE})")
    int concurrency = 8;

    @Option(names = "--interval", paramLabel = "SECONDS", description = "with --pid and no --load: seconds between dumps (default ${DEFAULT-VALUE})")
    long intervalSeconds = 60;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "folder for dumps and reports (default ./heapsight-investigation-<time>)")
    Path out;

    @Option(names = "--keep-dumps", description = "keep the heap dumps (by default they are deleted once compared)")
    boolean keepDumps;

    @Option(names = "--top", paramLabel = "N", description = "rows per table (default ${DEFAULT-VALUE})")
    int top = 10;

    @Option(names = "--fail-on-leak", description = "exit with 10 when a growing holder is found")
    boolean failOnLeak;

    @Override
    public Integer call() throws Exception {
        if (dumps < 2) throw new CliException(ExitCodes.USAGE, "--dumps must be at least 2 to compare");
        if (requests < 0 || durationSeconds < 1 || intervalSeconds < 1 || concurrency < 1) {
            throw new CliException(ExitCodes.USAGE, "--requests, --duration, --interval and --concurrency must be positive");
        }
        Path dir = out != null ? out : Paths.get("heapsight-investigation-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new CliException(ExitCodes.USAGE, dir + " exists and is not a folder");
        }
        if (!isEmptyOrAbsent(dir)) {
            // its reports and dumps would replace files of the same name, and cleaning up could touch what is not ours
            throw new CliException(ExitCodes.USAGE, dir + " is not empty; give -o a new or empty folder");
        }
        Investigation.Outcome outcome;
        try {
            outcome = target.demo ? investigateDemo(dir) : investigatePid(dir);
        } catch (AttachException e) {
            throw new CliException(ExitCodes.ATTACH_FAILED, e.getMessage());
        } catch (DumpException e) {
            throw new CliException(ExitCodes.NO_RESOURCE, e.getMessage());
        } catch (LoadException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
        DiffReport diff = outcome.diff();
        if (!keepDumps) Investigation.deleteDumps(outcome.dumps());
        System.out.println();
        System.out.print(io.heapsight.report.DiffTextReport.render(diff, Math.min(top, 5)));
        System.out.println();
        System.out.println("report: " + outcome.htmlReport().toAbsolutePath() + " (JSON: " + outcome.jsonReport().getFileName() + ")");
        System.out.println(Investigation.verdictLine(diff));
        return failOnLeak && diff.verdict() == LeakVerdict.LEAK ? ExitCodes.LEAK_FOUND : ExitCodes.OK;
    }

    private static boolean isEmptyOrAbsent(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return true;
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private Investigation.Outcome investigatePid(Path dir) throws Exception {
        long pid = target.pid;
        if (pid == ProcessHandle.current().pid()) throw new CliException(ExitCodes.USAGE, "--pid is heapsight's own process");
        Investigation.Round between = loadUrl != null
                ? Investigation.loadRounds(loadUrl, requests, Duration.ofSeconds(durationSeconds), concurrency)
                : Investigation.waitRounds(Duration.ofSeconds(intervalSeconds));
        System.out.println("heapsight investigate: JVM " + pid + ", " + dumps + " dumps into " + dir);
        return new Investigation(pid, dir, dumps, System.out).run(between, top);
    }

    private Investigation.Outcome investigateDemo(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path log = dir.resolve("demo.log");
        Process demo = startDemo(log);
        try {
            String base = awaitReady(demo, log);
            String url = base + endpoint;
            System.out.println("heapsight investigate: demo service pid " + demo.pid() + " at " + base + "; loading " + endpoint
                    + " (" + requests + " requests per round), " + dumps + " dumps into " + dir);
            waitForAttachable(demo);
            Investigation.Round between = Investigation.loadRounds(url, requests, Duration.ofSeconds(durationSeconds), concurrency);
            return new Investigation(demo.pid(), dir, dumps, System.out).run(between, top);
        } finally {
            demo.destroy();
            if (!demo.waitFor(10, TimeUnit.SECONDS)) demo.destroyForcibly();
        }
    }

    /** The demo runs in its own JVM (small heap, G1) so that it can be dumped by pid like any service. */
    private static Process startDemo(Path log) throws IOException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseG1GC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), DemoServer.class.getName(), "--port", "0"));
        return new ProcessBuilder(cmd).redirectError(log.toFile()).start();
    }

    private static String awaitReady(Process demo, Path log) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while ((line = r.readLine()) != null) {
            int at = line.indexOf(DemoServer.READY_PREFIX);
            if (at >= 0) {
                Thread drain = new Thread(() -> {
                    try {
                        r.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException ignored) {
                        // the demo ended
                    }
                }, "demo-stdout");
                drain.setDaemon(true);
                drain.start();
                return line.substring(at + DemoServer.READY_PREFIX.length()).trim();
            }
            if (System.nanoTime() > deadline) break;
        }
        throw new CliException(ExitCodes.INTERNAL, "the demo service did not start; see " + log);
    }

    /** A JVM younger than ~2 s may not answer the attach handshake yet. */
    private static void waitForAttachable(Process p) throws InterruptedException {
        long age = p.info().startInstant().map(s -> Duration.between(s, java.time.Instant.now()).toMillis()).orElse(0L);
        if (age < 3000) Thread.sleep(3000 - age);
    }
}

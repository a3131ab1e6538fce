package io.heapsight.cli;

import io.heapsight.analysis.AnalysisOptions;
import io.heapsight.explorer.Explorer;
import io.heapsight.explorer.ExplorerServer;
import io.heapsight.explorer.LiveSession;
import io.heapsight.monitor.AttachException;
import io.heapsight.analysis.diff.DumpFailedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

@Command(name = "open", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        header = "Browse heap dumps in the browser.",
        description = {"Browse one or more heap dumps in the browser: overview with leak suspects, histogram, classes and "
                + "their instances, an inspector for every object (fields, incoming and outgoing references, dominated "
                + "objects, path from a GC root), merged paths, dominator tree, threads, and a comparison of several dumps. "
                + "A FOLDER opens the dumps in it (an investigation folder); --pid adds a live view of a running JVM "
                + "whose dumps open in the same app. Prints the URL on standard output; "
                + "runs until interrupted (Ctrl-C).",
                "The live view's dumps go to --out-dir (default: a new private folder under the system temp folder).",
                "A non-loopback --host needs --allow-remote (else exit 2); a --pid that cannot be attached to exits "
                + "with 6; a port already taken exits with 7."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.L_OK, ExitCodes.L_INTERNAL, ExitCodes.L_USAGE, ExitCodes.L_NOT_FOUND, ExitCodes.L_BAD_INPUT,
                ExitCodes.L_ATTACH_FAILED, ExitCodes.L_NO_RESOURCE})
final class OpenCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "DUMP|FOLDER", description = "Heap dumps (.hprof, .hprof.gz) or a folder holding them.")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--pid", paramLabel = "PID",
            description = "Add a live view of this running JVM (monitor charts, verdict, a take-dump button).")
    Long pid;

    @Mixin
    OutDirOption outDir;

    @Option(names = "--port", paramLabel = "N", description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port = 7070;

    @Option(names = "--host", paramLabel = "ADDR", description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String host = ExplorerServer.DEFAULT_HOST;

    @Option(names = "--allow-remote", description = "Allow a --host other machines can reach: anyone who reaches it can read the dumps.")
    boolean allowRemote;

    @Option(names = "--no-browser", description = "Only print the URL; do not start a browser.")
    boolean noBrowser;

    @Mixin
    ProgressOptions progress;

    /** Released by the shutdown hook; tests release it themselves (see {@link #stop()}). */
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        if (inputs.isEmpty() && pid == null) throw new CliException(ExitCodes.USAGE, "name a dump, a folder of dumps, or --pid PID");
        List<Path> dumps = dumps();
        Explorer explorer;
        try (ProgressBar bar = progress.bar()) {
            explorer = Explorer.open(dumps, AnalysisOptions.defaults(), bar);
        } catch (DumpFailedException e) {
            throw DumpErrors.toCli(e.dump(), e.getCause());
        }
        if (pid != null) {
            try {
                Path dir = outDir.dir != null ? Files.createDirectories(outDir.dir) : Files.createTempDirectory("heapsight-open-",
                        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
                explorer.watch(LiveSession.start(pid, dir));
                System.err.println("heapsight open: watching pid " + pid + "; dumps taken from the page go to " + dir);
            } catch (AttachException e) {
                explorer.close();
                throw new CliException(ExitCodes.ATTACH_FAILED, e.getMessage());
            }
        }
        ExplorerServer server;
        try {
            server = ExplorerServer.start(explorer, host, port, allowRemote);
        } catch (IllegalArgumentException e) {
            explorer.close();
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        } catch (RuntimeException e) {
            explorer.close();
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException) {
                    throw new CliException(ExitCodes.NO_RESOURCE, "cannot listen on " + host + ":" + port + " (" + t.getMessage()
                            + "); is another heapsight open running? use --port N, or --port 0 for any free port");
                }
            }
            throw e;
        }
        if (!ExplorerServer.isLoopbackHost(host)) {
            System.err.println("heapsight open: WARNING: listening on " + host + ": anyone who can reach this address can read the dumps");
        }
        System.out.println(server.uri());
        System.out.flush();
        System.err.println("heapsight open: " + dumps.size() + (dumps.size() == 1 ? " dump" : " dumps") + (pid != null ? " and a live view" : "")
                + " ready; Ctrl-C to stop");
        if (!noBrowser) Browsers.open(server.uri());
        Thread hook = new Thread(stopped::countDown, "heapsight-open-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
        } finally {
            server.close();
            explorer.close();
        }
        return ExitCodes.OK;
    }

    /** Stops a running command (tests). */
    void stop() {
        stopped.countDown();
    }

    /** The dumps named, a folder standing for the dumps in it (sorted by name: investigate numbers them in order). */
    private List<Path> dumps() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    List<Path> found = s.filter(f -> {
                        String n = f.getFileName().toString();
                        return Files.isRegularFile(f) && (n.endsWith(".hprof") || n.endsWith(".hprof.gz"));
                    }).sorted().toList();
                    if (found.isEmpty()) throw new CliException(ExitCodes.NOT_FOUND, p + " holds no heap dump (.hprof or .hprof.gz)");
                    out.addAll(found);
                }
            } else if (!Files.exists(p)) {
                throw new CliException(ExitCodes.NOT_FOUND, "no such file: " + p);
            } else {
                out.add(p);
            }
        }
        return out;
    }
}

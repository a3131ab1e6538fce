package io.heapsight.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.heapsight.analysis.AnalysisOptions;
import io.heapsight.explorer.Explorer;
import io.heapsight.explorer.ExplorerServer;
import io.heapsight.heap.Progress;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * The workload the launcher records its start-up cache from (JDK 25's AOT cache, {@code -XX:AOTCacheOutput}): the
 * classes that analyze, diff and the explorer load, so that later runs find them loaded and linked. The launcher
 * records no method profiles from it: a small dump's profiles made a big analysis slower (docs/DECISIONS.md,
 * "Start-up cache").
 * <p>
 * It dumps its own heap twice, with a small leaking service in it (a map that grows, a deep chain, an array of
 * payloads, duplicate strings), analyzes the first dump in every report format, diffs the two, and opens both in the
 * explorer for its page and first API calls. Everything is written into a private temporary folder, deleted at the
 * end; nothing reaches stdout. Hidden: only the launcher (and scripts/bench) run it.
 */
@Command(name = "train-startup-cache", hidden = true, mixinStandardHelpOptions = true,
        header = "Internal: the workload the launcher records its start-up cache from.",
        description = "Dumps its own heap twice, analyzes, diffs and browses the dumps in a private temporary folder, and "
                + "deletes it. The launcher runs it once per build (docs/DECISIONS.md, \"Start-up cache\").",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.L_OK, ExitCodes.L_INTERNAL, ExitCodes.L_USAGE})
final class StartupTrainingCommand implements Callable<Integer> {

    /** Entries the training service holds when the first dump is taken, and adds before the second. */
    static final int ENTRIES = 20_000;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("heapsight-training-"); // owner-only on POSIX
        try {
            LeakyService service = new LeakyService();
            service.add(ENTRIES);
            Path first = dump(dir.resolve("first.hprof"));
            service.add(ENTRIES);
            Path second = dump(dir.resolve("second.hprof"));
            int worst = ExitCodes.OK;
            for (String format : List.of("text", "json", "html")) {
                worst = Math.max(worst, quiet("analyze", first.toString(), "--format", format,
                        "-o", dir.resolve("analyze." + format).toString()));
                worst = Math.max(worst, quiet("diff", first.toString(), second.toString(), "--format", format,
                        "-o", dir.resolve("diff." + format).toString()));
            }
            // again from the index files the first analyses kept, as a second question about a dump is answered
            worst = Math.max(worst, quiet("analyze", first.toString(), "--top", "5", "-o", dir.resolve("again.txt").toString()));
            browse(List.of(first, second));
            if (service.size() != 2 * ENTRIES) throw new IllegalStateException("training service lost entries");
            // a verb failing on heapsight's own dump is a bug, whatever its own code said
            return worst == ExitCodes.OK ? ExitCodes.OK : ExitCodes.INTERNAL;
        } finally {
            deleteTree(dir);
        }
    }

    /** What `heapsight open` does for a first look: both dumps opened, the page and the first API calls served. */
    private static void browse(List<Path> dumps) throws IOException, InterruptedException {
        Explorer explorer = Explorer.open(dumps, AnalysisOptions.defaults(), Progress.NONE);
        try (ExplorerServer server = ExplorerServer.start(explorer, ExplorerServer.DEFAULT_HOST, 0, false)) {
            HttpClient http = HttpClient.newHttpClient();
            for (String path : List.of("/", "/api/dumps", "/api/dumps/1/overview", "/api/dumps/1/histogram",
                    "/api/dumps/1/dominators", "/api/dumps/1/threads", "/api/compare")) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri().resolve(path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) throw new IllegalStateException("GET " + path + ": HTTP " + r.statusCode());
            }
        } finally {
            explorer.close();
        }
    }

    private static int quiet(String... args) {
        String[] withQuiet = Stream.concat(Stream.of(args), Stream.of("--quiet", "--no-progress")).toArray(String[]::new);
        return HeapsightCli.commandLine().execute(withQuiet);
    }

    private static Path dump(Path file) throws IOException {
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(file.toString(), true);
        return file;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** What a leaking service holds: sessions by id in a map, each with a payload; a chain; duplicate strings. */
    private static final class LeakyService {
        private final Map<String, Session> sessions = new HashMap<>();
        private final List<Object[]> batches = new ArrayList<>();
        private Node chain;

        void add(int n) {
            Object[] batch = new Object[n];
            for (int i = 0; i < n; i++) {
                int id = sessions.size();
                Session s = new Session("session-" + id, new String("user-" + (id % 100)), new byte[64 + id % 200]);
                sessions.put(s.id, s);
                batch[i] = s.payload;
                chain = new Node(chain, s);
            }
            batches.add(batch);
        }

        int size() {
            return sessions.size();
        }
    }

    private record Session(String id, String user, byte[] payload) {}

    private record Node(Node next, Session session) {}
}

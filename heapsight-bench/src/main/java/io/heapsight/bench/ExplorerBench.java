package io.heapsight.bench;

import io.heapsight.analysis.AnalysisOptions;
import io.heapsight.analysis.ReverseEdges;
import io.heapsight.analysis.query.AnalysisContext;
import io.heapsight.explorer.Explorer;
import io.heapsight.explorer.ExplorerServer;
import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.Progress;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Explorer latency (not a test): opens a dump as `heapsight open` does, then times each kind of API call over HTTP —
 * the first call (which may build a derived structure: reverse edges, per-class instance lists, a merged-path union)
 * and the median of the next runs. Usage: scripts/bench-explorer --dump FILE [--runs 7]. Figures: docs/PERFORMANCE.md.
 */
public final class ExplorerBench {
    private ExplorerBench() {}

    /** Opens the dump as the explorer does (parsing it and writing the index when there is none), closes it: ms. */
    private static long openAndClose(Path dump) throws java.io.IOException {
        long t0 = System.nanoTime();
        Explorer first = Explorer.open(List.of(dump), AnalysisOptions.defaults(), Progress.NONE);
        long ms = ms(t0);
        first.close();
        return ms;
    }

    public static void main(String[] args) throws Exception {
        Path dump = null;
        int runs = 7;
        int copies = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dump" -> dump = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--copies" -> copies = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("usage: ExplorerBench --dump FILE [--runs N] [--copies N]");
            }
        }
        if (dump == null) throw new IllegalArgumentException("--dump FILE is required");
        if (copies > 0) {
            // memory of N dumps open at once (the same file N times: each gets its own model, as N dumps would)
            long t = System.nanoTime();
            Explorer many = Explorer.open(java.util.Collections.nCopies(copies, dump), AnalysisOptions.defaults(), Progress.NONE);
            System.gc();
            long used = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            System.out.printf("%d copies open in %,d ms; Java heap after GC %,d MB; peak RSS so far %s%n", copies, ms(t), used >> 20,
                    java.nio.file.Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM")).findFirst().orElse("?"));
            many.close();
            return;
        }

        // the first open in a method of its own: no local here keeps the closed explorer's model reachable while the
        // reopen is measured (a dead local in this frame did: 1 GB more heap and a slower reopen under -Xmx4g)
        long firstOpen = openAndClose(dump);
        System.gc();
        long t0 = System.nanoTime();
        Explorer explorer = Explorer.open(List.of(dump), AnalysisOptions.defaults(), Progress.NONE);
        long reopen = ms(t0);
        System.gc();
        long heapAfterOpen = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        System.out.printf("dump %s: %,d objects; first open %,d ms; reopen with index %,d ms; heap after open %,d MB%n",
                dump, explorer.dump(1).context().heap().objectCount(), firstOpen, reopen, heapAfterOpen >> 20);

        try (ExplorerServer server = ExplorerServer.start(explorer, "127.0.0.1", 0, false)) {
            AnalysisContext ctx = explorer.dump(1).context();
            HeapSnapshot heap = ctx.heap();
            HttpClient http = HttpClient.newHttpClient();
            URI base = server.uri();
            // the class with most instances, and (after the reverse edges exist) the object with most referrers
            String bigClass = firstRow(http, base, "/api/dumps/1/histogram?sort=count&limit=1", "className");
            Map<String, String> calls = new LinkedHashMap<>();
            calls.put("histogram, all classes sorted by retained", "/api/dumps/1/histogram?sort=retained&limit=100");
            calls.put("histogram, regex filter", "/api/dumps/1/histogram?filter=" + enc("^java\\.util\\..*Map"));
            calls.put("histogram grouped by package", "/api/dumps/1/histogram?group=package");
            calls.put("instances page of " + bigClass, "/api/dumps/1/classes/" + enc(bigClass) + "/instances?offset=1000&limit=100");
            String someObject = firstRow(http, base, "/api/dumps/1/classes/" + enc(bigClass) + "/instances?limit=1", "objectId");
            calls.put("object inspector", "/api/dumps/1/objects/" + someObject);
            long tr = System.nanoTime();
            ReverseEdges in = ctx.shared(ReverseEdges.class, c -> ReverseEdges.build(c.heap()));
            System.out.printf("reverse edges (built once, on the first referrers call): %,d ms%n", ms(tr));
            calls.put("referrers", "/api/dumps/1/objects/" + someObject + "/referrers");
            int most = 0;
            for (int o = 1; o < heap.objectCount(); o++) if (in.count(o) > in.count(most)) most = o;
            String popular = "0x" + Long.toHexString(heap.objectId(most));
            calls.put("referrers of the most referenced object (" + String.format("%,d", in.count(most)) + " refs), page 1",
                    "/api/dumps/1/objects/" + popular + "/referrers?limit=100");
            calls.put("path from GC root", "/api/dumps/1/objects/" + someObject + "/path");
            calls.put("dominator tree roots", "/api/dumps/1/dominators");
            calls.put("merged paths of all " + bigClass, "/api/dumps/1/classes/" + enc(bigClass) + "/merged-paths");
            calls.put("threads", "/api/dumps/1/threads");
            calls.put("overview (analyze report, first computes it)", "/api/dumps/1/overview");
            System.out.printf("%-75s %10s %12s%n", "call", "first ms", "median ms");
            for (var e : calls.entrySet()) {
                URI uri = base.resolve(e.getValue());
                long firstMs = time(http, uri);
                long[] t = new long[runs];
                for (int i = 0; i < runs; i++) t[i] = time(http, uri);
                Arrays.sort(t);
                System.out.printf("%-75s %10d %12d%n", e.getKey(), firstMs, t[runs / 2]);
            }
        } finally {
            explorer.close();
        }
    }

    private static long time(HttpClient http, URI uri) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException(uri + " → " + r.statusCode() + " " + r.body());
        return ms(t0);
    }

    private static String firstRow(HttpClient http, URI base, String path, String key) throws Exception {
        String body = http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString()).body();
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        return node.get("rows").get(0).get(key).asText();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}

package io.heapsight.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The demo in its own JVM with a small G1 heap, so live-set numbers are the demo's alone and stable: what the
 * lead's "investigate --demo" does too.
 */
final class ForkedDemo implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final URI base;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ForkedDemo(Process process, URI base) {
        this.process = process;
        this.base = base;
    }

    static ForkedDemo start(String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx256m", "-XX:+UseG1GC", "-XX:MaxDirectMemorySize=128m"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), DemoServer.class.getName(), "--port", "0"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        var reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            StringBuilder seen = new StringBuilder();
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    if (line.startsWith(DemoServer.READY_PREFIX)) {
                        return line.substring(DemoServer.READY_PREFIX.length()).trim();
                    }
                    seen.append(line).append('\n');
                }
            } catch (IOException e) {
                // fall through
            }
            throw new IllegalStateException("demo exited before it was ready:\n" + seen);
        });
        try {
            String url = ready.get(60, TimeUnit.SECONDS);
            // keep draining its output so the child never blocks on a full pipe
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (reader.readLine() != null) { /* discard */ }
                } catch (IOException ignored) {
                    // process gone
                }
            });
            return new ForkedDemo(p, URI.create(url));
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("demo did not start: " + e.getMessage(), e);
        }
    }

    URI base() {
        return base;
    }

    long pid() {
        return process.pid();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** Calls {@code path} n times from {@code threads} client threads; fails on any non-200. */
    void call(String path, int n, int threads) throws Exception {
        var pending = new ArrayList<CompletableFuture<Void>>();
        var next = new java.util.concurrent.atomic.AtomicInteger();
        for (int t = 0; t < threads; t++) {
            pending.add(CompletableFuture.runAsync(() -> {
                while (next.getAndIncrement() < n) {
                    try {
                        HttpResponse<String> r = get(path);
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
            }, runnable -> Thread.ofPlatform().daemon().start(runnable)));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    }

    /** Forces a full GC in the demo and returns its live set in bytes. */
    long liveSet() throws IOException, InterruptedException {
        return json("/api/collect").get("liveSetBytes").asLong();
    }

    JsonNode diagnostics() throws IOException, InterruptedException {
        return json("/api/diagnostics");
    }

    int holder(String name) throws IOException, InterruptedException {
        return diagnostics().get("holders").get(name).asInt();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

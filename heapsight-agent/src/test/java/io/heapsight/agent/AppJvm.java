package io.heapsight.agent;

import io.heapsight.testkit.JdkLocator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A forked JVM running the LeakyApp workload (optionally with the agent); started and destroyed by one test. */
final class AppJvm implements AutoCloseable {
    static final Path AGENT_JAR = Path.of("target/heapsight-agent.jar").toAbsolutePath();
    private static final Pattern PORT = Pattern.compile("heapsight-agent: metrics at http://[^:]+:(\\d+)/metrics");
    private static final Pattern KEPT = Pattern.compile("kept (\\d+) at (\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final Process process;
    final List<String> stderr = new CopyOnWriteArrayList<>();
    final List<long[]> kept = new CopyOnWriteArrayList<>();

    private AppJvm(Process process) {
        this.process = process;
    }

    /** Starts `java [jvmArgs] LeakyApp.java args...` on JDK `feature` and waits for its "ready" line. */
    static AppJvm start(int feature, List<String> jvmArgs, String... args) throws IOException {
        return launch(feature, jvmArgs, Path.of("src/test/resources/workloads/LeakyApp.java").toAbsolutePath().toString(), args);
    }

    /** Starts `java [jvmArgs] LeakyApp args...`: the class compiled beforehand, on a class path in jvmArgs. */
    static AppJvm startClass(int feature, List<String> jvmArgs, String... args) throws IOException {
        return launch(feature, jvmArgs, "LeakyApp", args);
    }

    private static AppJvm launch(int feature, List<String> jvmArgs, String main, String... args) throws IOException {
        Path home = JdkLocator.find(feature).orElse(null);
        assumeTrue(home != null, "no JDK " + feature + " installed here");
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/java").toString());
        cmd.addAll(jvmArgs);
        cmd.add(main);
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        AppJvm app = new AppJvm(p);
        app.pump(p.getErrorStream(), app.stderr, null);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("ready ")) {
            p.destroyForcibly();
            throw new IOException("workload did not start: " + line + "; stderr: " + app.stderr);
        }
        app.pump(p.getInputStream(), null, app.kept);
        return app;
    }

    static String agentArg(String options) {
        return "-javaagent:" + AGENT_JAR + "=" + options;
    }

    private void pump(InputStream in, List<String> lines, List<long[]> keptOut) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    if (lines != null) lines.add(l);
                    Matcher m = KEPT.matcher(l);
                    if (keptOut != null && m.matches()) keptOut.add(new long[]{Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
                }
            } catch (IOException e) {
                // process ended
            }
        });
        t.setDaemon(true);
        t.start();
    }

    /** The metrics port the agent printed on stderr, waiting up to 30 s for it. */
    int port() throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (String l : stderr) {
                Matcher m = PORT.matcher(l);
                if (m.find()) return Integer.parseInt(m.group(1));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the agent printed no metrics address; stderr: " + stderr);
    }

    /** The workload's own count of retained bytes per minute over its reports so far. */
    double keptBytesPerMinute() {
        long[] first = kept.get(0);
        long[] last = kept.get(kept.size() - 1);
        return (last[0] - first[0]) / ((last[1] - first[1]) / 60e9);
    }

    static HttpResponse<String> scrape(int port, boolean openMetrics) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(10));
        if (openMetrics) b.header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8");
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET of a path of the agent's endpoint, e.g. /report. */
    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The value of one sample line ("name{labels} value") in an exposition, or NaN when absent. */
    static double value(String exposition, String series) {
        for (String l : exposition.split("\n")) {
            if (l.startsWith(series + " ")) return Double.parseDouble(l.substring(series.length() + 1).trim().split(" ")[0]);
        }
        return Double.NaN;
    }

    @Override
    public void close() {
        io.heapsight.testkit.Processes.stop(process);
    }
}

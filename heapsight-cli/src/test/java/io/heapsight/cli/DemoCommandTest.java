package io.heapsight.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest {

    private static final Pattern READY = Pattern.compile("heapsight demo listening on (http://127\\.0\\.0\\.1:(\\d+))");

    @Test
    void servesOnLoopbackUntilInterrupted() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        AtomicInteger exit = new AtomicInteger(-1);
        Thread runner = Thread.ofPlatform().start(() -> exit.set(HeapsightCli.run("demo", "--port", "0")));
        try {
            Matcher ready = waitForReady(out);
            URI base = URI.create(ready.group(1));
            int port = Integer.parseInt(ready.group(2));
            try (HttpClient client = HttpClient.newHttpClient()) {
                assertThat(get(client, base.resolve("/api/ping")).body()).isEqualTo("pong");
                HttpResponse<String> page = get(client, base.resolve("/"));
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.body()).contains("/vendor/uplot/uPlot.iife.min.js").contains("/app.js");
                assertThat(get(client, base.resolve("/vendor/uplot/uPlot.iife.min.js")).body()).contains("uPlot");
            }
            // bound to loopback only: the same port on this machine's other address refuses
            Optional<InetAddress> lan = nonLoopbackAddress();
            if (lan.isPresent()) {
                try (Socket s = new Socket()) {
                    org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> s.connect(new InetSocketAddress(lan.get(), port), 2000)).isInstanceOf(IOException.class);
                }
            }
        } finally {
            runner.interrupt();
            runner.join(20_000);
            System.setOut(original);
        }
        assertThat(runner.isAlive()).isFalse();
        assertThat(exit.get()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void portInUseIsOneLineAndNoResource() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Result r = run("demo", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(r.code()).isEqualTo(ExitCodes.NO_RESOURCE);
            assertThat(r.err().strip()).doesNotContain("\n")
                    .startsWith("heapsight demo: cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .endsWith("is the port already in use?");
        }
    }

    @Test
    void badPortsAreUsageErrors() {
        Result r = run("demo", "--port", "70000");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip()).isEqualTo("heapsight demo: --port must be 0..65535, got 70000");
        assertThat(run("demo", "--port", "eighty").code()).isEqualTo(ExitCodes.USAGE);
    }

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        PrintStream o = System.out, e = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = HeapsightCli.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(o);
            System.setErr(e);
        }
    }

    private static Matcher waitForReady(ByteArrayOutputStream out) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            Matcher m = READY.matcher(out.toString(StandardCharsets.UTF_8));
            if (m.find()) return m;
            Thread.sleep(100);
        }
        throw new AssertionError("demo did not print its ready line; output: " + out.toString(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(HttpClient client, URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback()) continue;
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}

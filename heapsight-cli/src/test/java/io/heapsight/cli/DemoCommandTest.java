package io.heapsight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest {

    private static final Pattern READY = Pattern.compile("heapsight demo listening on (http://127\\.0\\.0\\.1:(\\d+))\\n"
            + "pid (\\d+) ");

    @Test
    void servesOnLoopbackUntilInterrupted(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        AtomicInteger exit = new AtomicInteger(-1);
        Thread runner = Thread.ofPlatform().start(() -> exit.set(HeapsightCli.run("demo", "--port", "0")));
        try {
            Matcher ready = waitForReady(out);
            URI base = URI.create(ready.group(1));
            int port = Integer.parseInt(ready.group(2));
            demoPid = Long.parseLong(ready.group(3));
            try (HttpClient client = HttpClient.newHttpClient()) {
                assertThat(get(client, base.resolve("/api/ping")).body()).isEqualTo("pong");
                // its own JVM: a child of this one, with its own 256 MB heap, reporting its pid for monitor/dump
                JsonNode diag = new ObjectMapper().readTree(get(client, base.resolve("/api/diagnostics")).body());
                assertThat(diag.path("pid").asLong()).isEqualTo(demoPid).isNotEqualTo(ProcessHandle.current().pid());
                assertThat(ProcessHandle.of(demoPid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
                        .contains(ProcessHandle.current().pid());
                assertThat(diag.path("heapMaxBytes").asLong()).isEqualTo(256L * 1024 * 1024);
                // nothing of the CLI in it: no class of its package or of picocli, and picocli's jar not even on the classpath
                Path dump = io.heapsight.monitor.HeapDumper.dump(demoPid, dir.resolve("demo.hprof"), false, 0).path();
                List<String> classes = loadedClassNames(dump);
                assertThat(classes).contains("io/heapsight/demo/DemoServer")
                        .noneMatch(c -> c.startsWith("io/heapsight/cli/") || c.startsWith("picocli/"));
                byte[] bytes = Files.readAllBytes(dump);
                assertThat(indexOf(bytes, "picocli-".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
                assertThat(indexOf(bytes, "io/heapsight/demo/DemoServer".getBytes(StandardCharsets.US_ASCII))).isPositive();
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
        // the CLI ending stops the child
        assertThat(ProcessHandle.of(demoPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    private long demoPid;

    /** Class names of the dump's LOAD CLASS records (tag 0x02) through its UTF8 records (tag 0x01), read here on purpose. */
    static List<String> loadedClassNames(Path hprof) throws IOException {
        Map<Long, String> utf8 = new HashMap<>();
        List<Long> nameIds = new ArrayList<>();
        try (DataInputStream d = new DataInputStream(new BufferedInputStream(Files.newInputStream(hprof), 1 << 16))) {
            d.readNBytes(19);
            int idSize = d.readInt();
            d.readLong();
            for (int tag; (tag = d.read()) >= 0; ) {
                d.readInt();
                long length = Integer.toUnsignedLong(d.readInt());
                if (tag == 0x01) {
                    long id = idSize == 8 ? d.readLong() : Integer.toUnsignedLong(d.readInt());
                    utf8.put(id, new String(d.readNBytes((int) (length - idSize)), StandardCharsets.UTF_8));
                } else if (tag == 0x02) {
                    d.readInt();
                    d.skipNBytes(idSize);
                    d.readInt();
                    nameIds.add(idSize == 8 ? d.readLong() : Integer.toUnsignedLong(d.readInt()));
                } else {
                    d.skipNBytes(length);
                }
            }
        }
        return nameIds.stream().map(utf8::get).toList();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    @Test
    void badHeapSizeIsAUsageError() {
        Result r = run("demo", "--xmx", "lots");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip()).isEqualTo("heapsight demo: --xmx takes a size such as 256m or 1g, got lots");
        assertThat(run("demo", "--xmx", "8m").code()).isEqualTo(ExitCodes.USAGE);
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

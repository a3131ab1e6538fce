package io.heapsight.demo;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.jar.JarFile;

/**
 * The demo service in a JVM of its own (what `heapsight demo` and `investigate --demo` run): its own heap size, a
 * classpath without the launcher's own code (so nothing of the CLI can ever appear in a dump of it), and a life
 * tied to the launcher's: it exits when the launcher closes it, or when the launcher dies (its stdin closes).
 */
public final class DemoProcess implements AutoCloseable {
    /** The demo's heap unless told otherwise: small, so GCs come often and dumps stay quick. */
    public static final String DEFAULT_MAX_HEAP = "256m";
    static final long READY_TIMEOUT_SECONDS = 60;

    private final Process process;
    private final URI uri;

    private DemoProcess(Process process, URI uri) {
        this.process = process;
        this.uri = uri;
    }

    /**
     * Starts the demo and waits until it listens.
     *
     * @param maxHeap  -Xmx value, e.g. "256m"
     * @param exclude  classpath entries (jars or folders) the child must not see: the launcher's own code
     * @param stderr   where the child's stderr lines go (a log file, or the launcher's stderr)
     * @throws DemoStartException with a one-line reason when it does not start (port taken: the child's own message)
     */
    public static DemoProcess start(String host, int port, String maxHeap, Collection<Path> exclude, PrintStream stderr) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-XX:+UseG1GC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", String.join(File.pathSeparator, classpath(System.getProperty("java.class.path"), exclude)),
                DemoServer.class.getName(), "--port", Integer.toString(port), "--host", host, DemoServer.EXIT_WITH_PARENT));
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            throw new DemoStartException("cannot start a JVM for the demo: " + e.getMessage(), e);
        }
        StderrRelay relay = new StderrRelay(stderr);
        Thread errors = Thread.ofPlatform().daemon().name("demo-stderr").start(() -> relay.copy(p));
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> readyUrl(out));
        try {
            String url = ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (url != null) {
                Thread.ofPlatform().daemon().name("demo-stdout").start(() -> drain(out));
                relay.open();
                return new DemoProcess(p, URI.create(url));
            }
            p.waitFor(5, TimeUnit.SECONDS);
            errors.join(2000);
            String last = relay.lastLine().replaceFirst("^heapsight demo: ", "");
            throw new DemoStartException(p.isAlive() ? "the demo JVM closed its output: " + last : last, null);
        } catch (TimeoutException | ExecutionException e) {
            p.destroyForcibly();
            throw new DemoStartException("the demo JVM did not start within " + READY_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DemoStartException("interrupted while the demo started", e);
        } catch (DemoStartException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    public long pid() {
        return process.pid();
    }

    /** The base URL, e.g. http://127.0.0.1:8080. */
    public URI uri() {
        return uri;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Blocks until the demo JVM ends; returns its exit code. */
    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /** Stops the demo (SIGTERM: its shutdown hook closes the server), forcibly after 10 s. */
    @Override
    public void close() {
        // an interrupt pending on the caller (the CLI's Ctrl-C or a test) must not cut the wait short
        boolean interrupted = Thread.interrupted();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            interrupted = true;
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /**
     * The launcher's classpath as plain entries: jars' manifest Class-Path expanded (the CLI runs as `-jar
     * heapsight.jar` with its libraries listed there; surefire uses a manifest-only jar), excluded entries dropped.
     */
    static List<String> classpath(String javaClassPath, Collection<Path> exclude) {
        Set<Path> excluded = new LinkedHashSet<>();
        for (Path p : exclude) excluded.add(p.toAbsolutePath().normalize());
        Set<Path> entries = new LinkedHashSet<>();
        for (String e : javaClassPath.split(File.pathSeparator)) {
            if (e.isEmpty()) continue;
            Path p = Path.of(e).toAbsolutePath().normalize();
            List<Path> listed = manifestClassPath(p);
            // a manifest-only jar (surefire's booter) is replaced by what it lists: the child JVM would otherwise
            // follow its Class-Path back to the excluded entries
            if (listed.isEmpty() || hasClasses(p)) entries.add(p);
            entries.addAll(listed);
        }
        List<String> out = new ArrayList<>();
        for (Path p : entries) {
            if (!excluded.contains(p)) out.add(p.toString());
        }
        return out;
    }

    private static List<Path> manifestClassPath(Path jar) {
        if (!Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) return List.of();
        try (JarFile f = new JarFile(jar.toFile())) {
            var mf = f.getManifest();
            String cp = mf == null ? null : mf.getMainAttributes().getValue("Class-Path");
            if (cp == null) return List.of();
            List<Path> out = new ArrayList<>();
            URI base = jar.getParent().toUri();
            for (String item : cp.trim().split("\\s+")) {
                if (item.isEmpty()) continue;
                try {
                    URI u = base.resolve(new URI(item));     // relative (lib/x.jar) or absolute (file:/...)
                    if ("file".equals(u.getScheme())) out.add(Path.of(u).toAbsolutePath().normalize());
                } catch (URISyntaxException | IllegalArgumentException e) {
                    // an entry we cannot read is one the JVM could not use either
                }
            }
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean hasClasses(Path jar) {
        try (JarFile f = new JarFile(jar.toFile())) {
            return f.stream().anyMatch(e -> e.getName().endsWith(".class"));
        } catch (IOException e) {
            return true;
        }
    }

    private static String readyUrl(BufferedReader out) {
        try {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith(DemoServer.READY_PREFIX)) return line.substring(DemoServer.READY_PREFIX.length()).trim();
            }
        } catch (IOException e) {
            // the child ended
        }
        return null;
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // only the ready line matters
            }
        } catch (IOException e) {
            // the child ended
        }
    }

    /**
     * Copies the child's stderr to the sink, holding it back until the demo is ready: a start failure is reported
     * once, by the launcher, not also as the child's own line.
     */
    private static final class StderrRelay {
        private final PrintStream sink;
        private final Deque<String> held = new ArrayDeque<>();
        private boolean open;
        private String last = "no message";

        StderrRelay(PrintStream sink) {
            this.sink = sink;
        }

        void copy(Process p) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (this) {
                        last = line;
                        if (!open) {
                            if (held.size() < 200) held.addLast(line);
                            continue;
                        }
                    }
                    sink.println(line);
                    sink.flush();
                }
            } catch (IOException e) {
                // the child ended
            }
        }

        synchronized void open() {
            open = true;
            held.forEach(sink::println);
            held.clear();
            sink.flush();
        }

        synchronized String lastLine() {
            return last;
        }
    }
}

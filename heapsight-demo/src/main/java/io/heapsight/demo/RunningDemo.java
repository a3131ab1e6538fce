package io.heapsight.demo;

import io.heapsight.demo.diag.DiagnosticsSampler;
import io.javalin.Javalin;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** A started demo server: where it listens, and how to stop it. */
public final class RunningDemo implements AutoCloseable {

    private final Javalin app;
    private final DiagnosticsSampler diagnostics;
    private final Path watchFolder;
    private final String host;
    private final int port;
    private final CountDownLatch closed = new CountDownLatch(1);

    RunningDemo(Javalin app, DiagnosticsSampler diagnostics, Path watchFolder, String host, int port) {
        this.app = app;
        this.diagnostics = diagnostics;
        this.watchFolder = watchFolder;
        this.host = host;
        this.port = port;
    }

    public int port() {
        return port;
    }

    /** The base URL, e.g. http://127.0.0.1:8080 (a wildcard bind is shown as 127.0.0.1, where it also answers). */
    public URI uri() {
        String shown = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        if (shown.contains(":")) {
            shown = "[" + shown + "]";
        }
        return URI.create("http://" + shown + ":" + port);
    }

    /** Blocks until {@link #close()} runs (from another thread or a shutdown hook). */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    @Override
    public synchronized void close() {
        if (closed.getCount() == 0) {
            return;
        }
        // Jetty's stop waits on its threads: an interrupt pending on the caller (Ctrl-C in a CLI) would abort it
        boolean interrupted = Thread.interrupted();
        try {
            app.stop();
        } catch (RuntimeException e) {
            // a server that fails to stop cleanly is still going away; nothing useful to report
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            diagnostics.close();
            try {
                Files.deleteIfExists(watchFolder);
            } catch (IOException ignored) {
                // a temp folder left behind is harmless
            }
            closed.countDown();
        }
    }
}

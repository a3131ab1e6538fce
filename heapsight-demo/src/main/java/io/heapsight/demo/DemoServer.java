package io.heapsight.demo;

import io.heapsight.demo.diag.DiagnosticsSampler;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The leaky demo service: endpoints that each show one memory pattern, and a live chart page at /.
 * Binds 127.0.0.1 unless told otherwise: it leaks on purpose and must not be reachable from the network by accident.
 */
public final class DemoServer {
    private DemoServer() {}

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    /** The line printed once the server accepts connections; parents wait for it. */
    public static final String READY_PREFIX = "heapsight demo listening on ";
    /** Option for a demo run by a launcher: exit when stdin closes, so the demo never outlives its launcher. */
    public static final String EXIT_WITH_PARENT = "--exit-with-parent";
    /** Exit code of {@link #main} when it cannot listen (port taken, address not bindable), as the CLI's NO_RESOURCE. */
    static final int EXIT_CANNOT_LISTEN = 7;

    /** Starts on 127.0.0.1:{@code port}; port 0 picks a free one (see {@link RunningDemo#port()}). */
    public static RunningDemo start(int port) {
        return start(DEFAULT_HOST, port);
    }

    public static RunningDemo start(String host, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        quietLogging();
        checkPortFree(host, port);
        Path watchFolder;
        try {
            watchFolder = Files.createTempDirectory("heapsight-demo-watch");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DiagnosticsSampler diagnostics = new DiagnosticsSampler();
        AtomicInteger boundPort = new AtomicInteger(port);
        DemoRoutes routes = new DemoRoutes(diagnostics, watchFolder, boundPort::get);
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.host = host;        // Javalin binds every interface unless told
            cfg.jetty.port = port;
            cfg.staticFiles.add("/public", Location.CLASSPATH);
            // the one vendored uPlot, shared with the HTML reports and the monitor page (heapsight-charts)
            cfg.staticFiles.add(files -> {
                files.hostedPath = "/vendor/uplot";
                files.directory = "/io/heapsight/charts/uplot";
                files.location = Location.CLASSPATH;
            });
            routes.register(cfg.routes);
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            diagnostics.close();
            throw new DemoStartException(describeStartFailure(host, port, e), e);
        }
        boundPort.set(app.port());
        return new RunningDemo(app, diagnostics, watchFolder, host, app.port());
    }

    /** {@code --port N} (default 8080, 0 = any free port) and {@code --host ADDR} (default 127.0.0.1). */
    public static void main(String[] args) {
        int port = DEFAULT_PORT;
        String host = DEFAULT_HOST;
        boolean exitWithParent = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case EXIT_WITH_PARENT -> exitWithParent = true;
                    case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                    case "--host" -> host = value(args, ++i, "--host");
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + " (usage: DemoServer [--port N] [--host ADDR] [" + EXIT_WITH_PARENT + "])");
                }
            }
        } catch (NumberFormatException e) {
            System.err.println("heapsight demo: --port needs a number");
            System.exit(2);
        } catch (IllegalArgumentException e) {
            System.err.println("heapsight demo: " + e.getMessage());
            System.exit(2);
        }
        RunningDemo demo;
        try {
            demo = start(host, port);
        } catch (DemoStartException e) {
            System.err.println("heapsight demo: " + e.getMessage());
            System.exit(EXIT_CANNOT_LISTEN);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("heapsight demo: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "heapsight-demo-shutdown"));
        if (exitWithParent) {
            Thread.ofPlatform().daemon().name("heapsight-demo-parent-watch").start(() -> {
                try {
                    while (System.in.read() >= 0) {
                        // the launcher never writes; end of input means it is gone
                    }
                } catch (IOException e) {
                    // treated as the launcher gone
                }
                System.exit(0);
            });
        }
        System.out.println(READY_PREFIX + demo.uri());
        System.out.flush();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    static String describeStartFailure(String host, int port, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return "cannot listen on " + host + ":" + port + " (" + t.getMessage() + "); is the port already in use?";
            }
        }
        return "cannot start on " + host + ":" + port + ": " + e.getMessage();
    }

    /**
     * Fails with a one-line message when the port is taken, before Javalin would log its own stack trace about it.
     * (Another process could still take the port in between; Javalin's failure is then reported too.)
     */
    private static void checkPortFree(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new DemoStartException(describeStartFailure(host, port, e), e);
        }
    }

    private static void quietLogging() {
        // Jetty's and Javalin's INFO lines would drown the one "listening on" line; warnings still show
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }

    }
}

package io.heapsight.explorer;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Serves an {@link Explorer}: the JSON API under /api/ and the browser views at /. Read-only (GET only); binds
 * 127.0.0.1 unless told otherwise, and then answers only requests addressed to a loopback name (a page elsewhere
 * cannot reach it through DNS rebinding). Every response carries a Content-Security-Policy that allows no inline
 * script and no other origin: a dump's strings reach the page only as text.
 */
public final class ExplorerServer implements AutoCloseable {
    public static final String DEFAULT_HOST = "127.0.0.1";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final Javalin app;
    private final String host;

    private ExplorerServer(Javalin app, String host) {
        this.app = app;
        this.host = host;
    }

    /**
     * @param allowRemote needed for a host that is not a loopback address; then any Host header is accepted
     * @throws IllegalArgumentException for a non-loopback host without allowRemote, or a bad port
     */
    public static ExplorerServer start(Explorer explorer, String host, int port, boolean allowRemote) {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
        boolean loopback = isLoopback(host);
        if (!loopback && !allowRemote) {
            throw new IllegalArgumentException("--host " + host + " is not a loopback address: anyone who can reach it could read the dump; add --allow-remote to mean it");
        }
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        ApiRoutes api = new ApiRoutes(explorer);
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            cfg.staticFiles.add("/explorer-ui", Location.CLASSPATH);
            cfg.routes.before(ctx -> {
                if (loopback && !loopbackHostHeader(ctx.host())) {
                    ctx.status(403);
                    ApiRoutes.error(ctx, 403, "requests must be addressed to 127.0.0.1, localhost or [::1]");
                    ctx.skipRemainingHandlers();
                }
                ctx.header("Content-Security-Policy", CSP);
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.header("Referrer-Policy", "no-referrer");
                ctx.header("Cache-Control", "no-store");
            });
            api.register(cfg.routes);
        });
        app.start();
        return new ExplorerServer(app, host);
    }

    /** Whether every address the name stands for is a loopback address (false for names that do not resolve). */
    public static boolean isLoopbackHost(String host) {
        try {
            return isLoopback(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) if (!a.isLoopbackAddress()) return false;
            return true;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--host " + host + " is not an address of this machine: " + e.getMessage());
        }
    }

    private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    static boolean loopbackHostHeader(String hostHeader) {
        if (hostHeader == null) return false;
        String h = hostHeader.toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(']') < colon) h = h.substring(0, colon);
        return LOOPBACK_NAMES.contains(h) || h.startsWith("127.");
    }

    public int port() {
        return app.port();
    }

    public URI uri() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port() + "/");
    }

    @Override
    public void close() {
        app.stop();
    }
}

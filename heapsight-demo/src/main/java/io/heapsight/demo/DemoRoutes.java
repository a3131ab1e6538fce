package io.heapsight.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heapsight.demo.churn.Allocations;
import io.heapsight.demo.churn.HumongousAllocations;
import io.heapsight.demo.diag.DiagnosticsSampler;
import io.heapsight.demo.leaks.BoundedProductCache;
import io.heapsight.demo.leaks.DirectBufferStash;
import io.heapsight.demo.leaks.FolderWatchers;
import io.heapsight.demo.leaks.HttpClients;
import io.heapsight.demo.leaks.OrderEvent;
import io.heapsight.demo.leaks.OrderEventBus;
import io.heapsight.demo.leaks.Payloads;
import io.heapsight.demo.leaks.PriceFeed;
import io.heapsight.demo.leaks.ProductCache;
import io.heapsight.demo.leaks.RequestBreadcrumbs;
import io.heapsight.demo.leaks.RequestOrderListener;
import io.heapsight.demo.leaks.StaticStrings;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/** Wires each endpoint of {@link DemoCatalog} to the code that shows its memory pattern. */
final class DemoRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DiagnosticsSampler diagnostics;
    private final Path watchFolder;
    private final IntSupplier port;
    private final AtomicLong ids = new AtomicLong();

    DemoRoutes(DiagnosticsSampler diagnostics, Path watchFolder, IntSupplier port) {
        this.diagnostics = diagnostics;
        this.watchFolder = watchFolder;
        this.port = port;
    }

    void register(RoutesConfig r) {
        r.before("/api/*", ctx -> {
            if (!ctx.path().equals("/api/diagnostics") && !ctx.path().equals("/api/endpoints")) {
                diagnostics.rates().countRequest();
            }
        });
        r.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        r.exception(FolderWatchers.CapReached.class, (e, ctx) -> error(ctx, 429, e.getMessage()));

        r.get("/api/ping", ctx -> ctx.result("pong"));
        r.get("/api/endpoints", ctx -> json(ctx, DemoCatalog.ENDPOINTS));
        get(r, "/api/diagnostics", ctx -> json(ctx, diagnostics.sample(longParam(ctx, "since", 0))));
        Handler collect = ctx -> {
            long started = System.nanoTime();
            long live = diagnostics.collect();
            json(ctx, Map.of("liveSetBytes", live, "durationMs", (System.nanoTime() - started) / 1_000_000));
        };
        r.get("/api/collect", collect);
        r.post("/api/collect", collect);

        get(r, "/api/bigstring", ctx -> reply(ctx, "length", Allocations.bigString()));
        get(r, "/api/staticstring", ctx -> reply(ctx, "retained", StaticStrings.remember(Payloads.text(Payloads.TEN_KB))));

        get(r, "/api/cache/leaky", ctx -> {
            ProductCache.get(idOf(ctx));
            reply(ctx, "entries", ProductCache.size());
        });
        get(r, "/api/cache/bounded", ctx -> {
            BoundedProductCache.get(idOf(ctx));
            reply(ctx, "entries", BoundedProductCache.size());
        });

        get(r, "/api/events/leaky", ctx -> {
            var listener = new RequestOrderListener("req-" + ids.incrementAndGet(), Payloads.text(Payloads.TEN_KB));
            OrderEventBus.INSTANCE.subscribe(listener);   // and never unsubscribes
            OrderEventBus.INSTANCE.publish(new OrderEvent(listener.requestId(), "viewed"));
            reply(ctx, "listeners", OrderEventBus.INSTANCE.listenerCount());
        });
        get(r, "/api/events/fixed", ctx -> {
            var listener = new RequestOrderListener("req-" + ids.incrementAndGet(), Payloads.text(Payloads.TEN_KB));
            OrderEventBus.INSTANCE.subscribe(listener);
            try {
                OrderEventBus.INSTANCE.publish(new OrderEvent(listener.requestId(), "viewed"));
            } finally {
                OrderEventBus.INSTANCE.unsubscribe(listener);
            }
            reply(ctx, "listeners", OrderEventBus.INSTANCE.listenerCount());
        });

        get(r, "/api/humongous/{size}", ctx -> {
            int count = (int) Math.min(64, Math.max(1, longParam(ctx, "count", HumongousAllocations.DEFAULT_COUNT)));
            json(ctx, HumongousAllocations.allocate(ctx.pathParam("size"), count));
        });

        get(r, "/api/native/watch", ctx -> reply(ctx, "openWatchers", FolderWatchers.watchAndForget(watchFolder)));
        get(r, "/api/native/watch/fixed", ctx -> {
            FolderWatchers.watchAndClose(watchFolder);
            reply(ctx, "openWatchers", FolderWatchers.open());
        });
        get(r, "/api/native/direct", ctx -> {
            try {
                reply(ctx, "buffers", DirectBufferStash.allocateAndKeep());
            } catch (OutOfMemoryError e) {   // direct memory exhausted: MaxDirectMemorySize reached, the heap is fine
                error(ctx, 503, "direct memory exhausted after " + DirectBufferStash.count() + " buffers: " + e.getMessage());
            }
        });
        get(r, "/api/native/direct/fixed", ctx -> {
            DirectBufferStash.allocateAndDrop();
            reply(ctx, "buffers", DirectBufferStash.count());
        });

        get(r, "/api/httpclient/perrequest", ctx -> reply(ctx, "status", HttpClients.callWithNewClient(pingUri())));
        get(r, "/api/httpclient/shared", ctx -> reply(ctx, "status", HttpClients.callWithSharedClient(pingUri())));

        get(r, "/api/array/{size}", ctx -> reply(ctx, "checksum", Allocations.freshArray(sizeParam(ctx))));
        get(r, "/api/pooledarray/{size}", ctx -> reply(ctx, "checksum", Allocations.pooledArray(sizeParam(ctx))));

        get(r, "/api/threadlocal", ctx -> reply(ctx, "trailOnThisThread", RequestBreadcrumbs.append(Payloads.text(Payloads.TEN_KB))));
        get(r, "/api/threadlocal/fixed", ctx ->
                reply(ctx, "trailOnThisThread", RequestBreadcrumbs.appendForThisRequestOnly(Payloads.text(Payloads.TEN_KB))));

        r.ws("/ws/prices", ws -> {
            ws.onConnect(ctx -> {
                PriceFeed.subscribe(ctx.sessionId(), ctx.header("User-Agent"));
                ctx.send("{\"subscribed\":\"" + ctx.sessionId() + "\"}");
            });
            // the bug: only a clean close completes the subscription; an aborted client (1006) never does
            ws.onClose(ctx -> PriceFeed.onCloseCompletingOnlyNormalCloses(ctx.sessionId(), ctx.status()));
        });
        r.ws("/ws/prices/fixed", ws -> {
            ws.onConnect(ctx -> {
                PriceFeed.subscribe(ctx.sessionId(), ctx.header("User-Agent"));
                ctx.send("{\"subscribed\":\"" + ctx.sessionId() + "\"}");
            });
            ws.onClose(ctx -> PriceFeed.complete(ctx.sessionId()));
            ws.onError(ctx -> PriceFeed.complete(ctx.sessionId()));
        });
    }

    /** Registers a GET handler and the same handler for POST, so curl, the page and scripts may use either. */
    private static void get(RoutesConfig r, String path, Handler handler) {
        r.get(path, handler);
        r.post(path, handler);
    }

    private URI pingUri() {
        return URI.create("http://127.0.0.1:" + port.getAsInt() + "/api/ping");
    }

    private String idOf(Context ctx) {
        String id = ctx.queryParam("id");
        // no id: a new one per call, like per-user or per-session keys arriving from many clients
        return id == null || id.isBlank() ? "product-" + ids.incrementAndGet() : id;
    }

    private static int sizeParam(Context ctx) {
        String text = ctx.pathParam("size");
        long size;
        try {
            size = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size must be a number of bytes, got '" + text + "'");
        }
        if (size < 1 || size > Allocations.MAX_ARRAY_BYTES) {
            throw new IllegalArgumentException("size must be 1.." + Allocations.MAX_ARRAY_BYTES + " bytes, got " + size);
        }
        return (int) size;
    }

    private static long longParam(Context ctx, String name, long fallback) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got '" + text + "'");
        }
    }

    private static void reply(Context ctx, String key, Object value) throws JsonProcessingException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("endpoint", ctx.path());
        body.put(key, value);
        json(ctx, body);
    }

    private static void error(Context ctx, int status, String message) {
        try {
            ctx.status(status);
            json(ctx, Map.of("error", message == null ? "error" : message));
        } catch (JsonProcessingException e) {
            ctx.result(String.valueOf(message));
        }
    }

    private static void json(Context ctx, Object body) throws JsonProcessingException {
        ctx.contentType("application/json").result(JSON.writeValueAsString(body));
    }
}

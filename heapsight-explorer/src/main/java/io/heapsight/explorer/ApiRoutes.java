package io.heapsight.explorer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heapsight.analysis.query.HeapQuery;
import io.heapsight.analysis.query.Queries;
import io.heapsight.analysis.query.QueryArgs;
import io.heapsight.analysis.query.QueryException;
import io.heapsight.analysis.result.Path;
import io.heapsight.analysis.result.Result;
import io.heapsight.analysis.result.Table;
import io.heapsight.report.DiffJsonReport;
import io.heapsight.report.result.ResultJson;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The explorer's JSON API (docs/explorer.md). Every answer about a dump comes from a named query
 * ({@link Queries}) rendered by {@link ResultJson}, so the API, `heapsight inspect` and the reports agree.
 * Objects and classes are named by HPROF id in hex ("0x7f3a12b8"); classes also by name.
 * Errors: 404 {"error"} for an unknown dump, object, class or path; 400 for bad parameters; never a stack trace.
 */
final class ApiRoutes {
    private final Explorer explorer;

    ApiRoutes(Explorer explorer) {
        this.explorer = explorer;
    }

    void register(RoutesConfig r) {
        r.exception(QueryException.class, (e, ctx) -> error(ctx, e.reason() == QueryException.Reason.NOT_FOUND ? 404 : 400, e.getMessage()));
        r.exception(Exception.class, (e, ctx) -> {
            System.err.println("heapsight open: " + ctx.method() + " " + ctx.path() + ": " + e);
            error(ctx, 500, "internal error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        });

        r.get("/api/dumps", ctx -> {
            ArrayNode out = ResultJson.mapper().createArrayNode();
            for (OpenDump d : explorer.dumps()) d.facts(out.addObject());
            json(ctx, out);
        });
        r.get("/api/dumps/{d}", ctx -> json(ctx, dump(ctx).facts(ResultJson.mapper().createObjectNode())));
        r.get("/api/dumps/{d}/overview", ctx -> json(ctx, dump(ctx).overview()));
        r.get("/api/dumps/{d}/histogram", ctx -> query(ctx, "histogram", Map.of()));
        r.get("/api/dumps/{d}/classes/{c}", ctx -> query(ctx, "class", Map.of("class", ctx.pathParam("c"))));
        r.get("/api/dumps/{d}/classes/{c}/instances", ctx -> query(ctx, "instances", Map.of("class", ctx.pathParam("c"))));
        r.get("/api/dumps/{d}/classes/{c}/merged-paths", ctx -> query(ctx, "merged-paths", Map.of("class", ctx.pathParam("c"))));
        r.get("/api/dumps/{d}/objects/{o}", ctx -> query(ctx, "object", Map.of("object", ctx.pathParam("o"))));
        r.get("/api/dumps/{d}/objects/{o}/referrers", ctx -> query(ctx, "referrers", Map.of("object", ctx.pathParam("o"))));
        r.get("/api/dumps/{d}/objects/{o}/references", ctx -> query(ctx, "references", Map.of("object", ctx.pathParam("o"))));
        r.get("/api/dumps/{d}/objects/{o}/dominated", ctx -> query(ctx, "dominated", Map.of("object", ctx.pathParam("o"))));
        r.get("/api/dumps/{d}/objects/{o}/path", ctx -> {
            Table t = (Table) run(ctx, "path", Map.of("object", ctx.pathParam("o")));
            ObjectNode out = ResultJson.path((Path) t.rows().get(0).get(0));
            out.put("title", t.title());
            json(ctx, out);
        });
        r.get("/api/dumps/{d}/dominators", ctx -> query(ctx, "dominated", Map.of()));
        r.get("/api/dumps/{d}/threads", ctx -> query(ctx, "threads", Map.of()));
        r.get("/api/compare", this::compare);
        r.get("/api/session", ctx -> {
            ObjectNode out = ResultJson.mapper().createObjectNode();
            out.put("dumps", explorer.dumps().size());
            LiveSession s = explorer.live();
            if (s == null) out.putNull("live");
            else out.putObject("live").put("pid", s.pid());
            json(ctx, out);
        });
        r.get("/api/live", ctx -> {
            long since = 0;
            try {
                since = Long.parseLong(ctx.queryParamAsClass("since", String.class).getOrDefault("0"));
            } catch (NumberFormatException e) {
                throw QueryException.badArgument("since must be an uptime in milliseconds");
            }
            json(ctx, live().state(since));
        });
        // the one request that does something: a live dump. It must carry a header no other site's page can send
        // without a CORS preflight this server never answers (cross-site request forgery).
        r.post("/api/live/dump", ctx -> {
            LiveSession session = live();
            if (!"dump".equals(ctx.header("X-Heapsight-Action"))) {
                throw QueryException.badArgument("a dump request needs the header X-Heapsight-Action: dump");
            }
            var result = session.dump();
            OpenDump d = explorer.add(result.path(), io.heapsight.heap.Progress.NONE);
            ObjectNode out = d.facts(ResultJson.mapper().createObjectNode());
            out.put("tookMillis", result.took().toMillis());
            json(ctx, out);
        });
        r.get("/api/*", ctx -> error(ctx, 404, "no such API endpoint: " + ctx.path()));
    }

    private LiveSession live() {
        LiveSession s = explorer.live();
        if (s == null) throw QueryException.notFound("no live view: start with heapsight open --pid PID");
        return s;
    }

    private OpenDump dump(Context ctx) {
        String text = ctx.pathParam("d");
        int d;
        try {
            d = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw QueryException.notFound("no dump " + text + " (dumps are numbered 1.." + explorer.dumps().size() + ")");
        }
        OpenDump dump = explorer.dump(d);
        if (dump == null) throw QueryException.notFound("no dump " + d + " (dumps are numbered 1.." + explorer.dumps().size() + ")");
        return dump;
    }

    /** Runs a named query with the path's arguments plus the query string's (path arguments win). */
    private Result run(Context ctx, String name, Map<String, String> pathArgs) throws IOException {
        OpenDump d = dump(ctx);
        Map<String, String> args = new HashMap<>();
        ctx.queryParamMap().forEach((k, v) -> {
            if (!v.isEmpty()) args.put(k, v.get(0));
        });
        args.putAll(pathArgs);
        HeapQuery q = Queries.named(name);
        return q.run(d.context(), QueryArgs.of(args));
    }

    private void query(Context ctx, String name, Map<String, String> pathArgs) throws IOException {
        json(ctx, ResultJson.render(run(ctx, name, pathArgs)));
    }

    /** GET /api/compare?dumps=1,2,3 (default: all, in the order opened): the diff report of `heapsight diff`. */
    private void compare(Context ctx) throws IOException {
        List<Integer> numbers = new ArrayList<>();
        String list = ctx.queryParam("dumps");
        if (list == null || list.isBlank()) {
            for (OpenDump d : explorer.dumps()) numbers.add(d.number());
        } else {
            for (String s : list.split(",")) {
                try {
                    int n = Integer.parseInt(s.strip());
                    if (explorer.dump(n) == null) throw QueryException.notFound("no dump " + n);
                    numbers.add(n);
                } catch (NumberFormatException e) {
                    throw QueryException.badArgument("dumps must be a comma-separated list of dump numbers: " + list);
                }
            }
        }
        if (numbers.size() < 2) throw QueryException.badArgument("compare needs at least two dumps; open two or more dumps together");
        ObjectNode out = DiffJsonReport.tree(explorer.compare(numbers), 50);
        ArrayNode n = out.putArray("dumpNumbers");
        numbers.forEach(n::add);
        json(ctx, out);
    }

    static void json(Context ctx, JsonNode body) throws JsonProcessingException {
        ctx.contentType("application/json").result(ResultJson.mapper().writeValueAsString(body));
    }

    static void error(Context ctx, int status, String message) {
        ObjectNode body = ResultJson.mapper().createObjectNode();
        body.put("error", message == null ? "error" : message);
        ctx.status(status);
        try {
            json(ctx, body);
        } catch (JsonProcessingException e) {
            ctx.result("{\"error\":\"error\"}");
        }
    }
}

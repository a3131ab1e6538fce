package io.heapsight.explorer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heapsight.analysis.AnalysisOptions;
import io.heapsight.heap.Progress;
import io.heapsight.testkit.ForkedDump;
import io.heapsight.testkit.scenarios.KnownGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every endpoint of the explorer's API on the hand-computed KnownGraph dump, including bad ids and parameters. */
class ExplorerApiTest {
    static final String P = "io.heapsight.testkit.scenarios.KnownGraph$";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static Path dump;
    static Explorer explorer;
    static ExplorerServer server;

    @BeforeAll
    static void start() throws Exception {
        dump = ForkedDump.of(KnownGraph.class).jvmArgs("-Xmx256m", "-XX:+UseG1GC").run(dir).file();
        explorer = Explorer.open(List.of(dump), AnalysisOptions.defaults(), Progress.NONE);
        server = ExplorerServer.start(explorer, "127.0.0.1", 0, false);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
        if (explorer != null) explorer.close();
    }

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {}

    static Reply get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(server.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = r.headers().firstValue("Content-Type").orElse("").startsWith("application/json") ? JSON.readTree(r.body()) : null;
        return new Reply(r.statusCode(), body, r);
    }

    static JsonNode ok(String path) throws Exception {
        Reply r = get(path);
        assertThat(r.status()).as(path + " → " + r.raw().body()).isEqualTo(200);
        return r.body();
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String tripleId() throws Exception {
        return ok("/api/dumps/1/classes/" + q(P + "Triple") + "/instances").get("rows").get(0).get("objectId").asText();
    }

    @Test
    void aClosedExplorerLetsGoOfItsDumps() throws Exception {
        Explorer other = Explorer.open(List.of(dump, dump), AnalysisOptions.defaults(), Progress.NONE);
        assertThat(other.dumps()).hasSize(2);
        other.compare(List.of(1, 2));
        other.close();
        assertThat(other.dumps()).isEmpty();
        assertThat(other.dump(1)).isNull();
        assertThat(other).extracting("comparisons").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).isEmpty();
    }

    @Test
    void dumpsAndOverview() throws Exception {
        JsonNode dumps = ok("/api/dumps");
        assertThat(dumps).hasSize(1);
        assertThat(dumps.get(0).get("id").asInt()).isEqualTo(1);
        assertThat(dumps.get(0).get("objects").asLong()).isPositive();
        assertThat(dumps.get(0).get("path").asText()).endsWith(".hprof");
        JsonNode overview = ok("/api/dumps/1/overview");
        assertThat(overview.get("summary").get("objects").asLong()).isEqualTo(dumps.get(0).get("objects").asLong());
        assertThat(overview.has("suspects")).isTrue();
        assertThat(overview.get("dominators").size()).isPositive();
    }

    @Test
    void histogramFilterSortAndPaging() throws Exception {
        JsonNode h = ok("/api/dumps/1/histogram?sort=count&filter=" + q("KnownGraph\\$(Leaf|ChainNode)$"));
        assertThat(h.get("total").asLong()).isEqualTo(2);
        assertThat(h.get("rows").get(0).get("className").asText()).isEqualTo(P + "ChainNode");
        assertThat(h.get("rows").get(0).get("count").asLong()).isEqualTo(1000);
        assertThat(h.get("rows").get(1).get("count").asLong()).isEqualTo(100);
        assertThat(h.get("rows").get(1).get("classId").asText()).startsWith("0x");
        JsonNode page = ok("/api/dumps/1/histogram?offset=10&limit=5");
        assertThat(page.get("rows")).hasSize(5);
        assertThat(page.get("offset").asLong()).isEqualTo(10);
        // a class opened by the id the histogram gives
        String leafId = h.get("rows").get(1).get("classId").asText();
        assertThat(ok("/api/dumps/1/classes/" + leafId).get("rows").get(0).get("count").asLong()).isEqualTo(100);
    }

    @Test
    void objectInspectorEndpoints() throws Exception {
        String triple = tripleId();
        JsonNode o = ok("/api/dumps/1/objects/" + triple);
        assertThat(o.get("className").asText()).isEqualTo(P + "Triple");
        assertThat(o.get("shallowBytes").asLong()).isEqualTo(24);
        assertThat(o.get("fields")).hasSize(3);
        String array = o.get("fields").get(0).get("objectId").asText();

        JsonNode in = ok("/api/dumps/1/objects/" + array + "/referrers");
        assertThat(in.get("total").asLong()).isEqualTo(1);
        assertThat(in.get("rows").get(0).get("objectId").asText()).isEqualTo(triple);
        assertThat(in.get("rows").get(0).get("field").asText()).isEqualTo(P + "Triple.a");

        JsonNode out = ok("/api/dumps/1/objects/" + array + "/references?limit=10");
        assertThat(out.get("total").asLong()).isEqualTo(100);
        assertThat(out.get("rows")).hasSize(10);

        JsonNode path = ok("/api/dumps/1/objects/" + array + "/path");
        assertThat(path.get("root").get("kind").asText()).isEqualTo("system class");
        JsonNode steps = path.get("steps");
        assertThat(steps.get(steps.size() - 1).get("objectId").asText()).isEqualTo(array);
        assertThat(steps.get(steps.size() - 1).get("field").asText()).isEqualTo(P + "Triple.a");

        JsonNode dominated = ok("/api/dumps/1/objects/" + triple + "/dominated");
        assertThat(dominated.get("total").asLong()).isEqualTo(3);
        assertThat(dominated.get("rows").get(0).get("retainedBytes").asLong()).isEqualTo(24_000);

        assertThat(ok("/api/dumps/1/dominators").get("total").asLong()).isPositive();
        JsonNode threads = ok("/api/dumps/1/threads");
        assertThat(threads.get("type").asText()).isEqualTo("tree");
        assertThat(threads.get("roots").toString()).contains("frame-holder");
        JsonNode merged = ok("/api/dumps/1/classes/" + q(P + "Leaf") + "/merged-paths");
        assertThat(merged.get("roots").get(0).get("instances").asLong()).isEqualTo(100);
    }

    @Test
    void unknownThingsAre404WithAMessage() throws Exception {
        for (String path : List.of("/api/dumps/2/histogram", "/api/dumps/x/histogram", "/api/dumps/1/objects/0x1",
                "/api/dumps/1/objects/0x1/referrers", "/api/dumps/1/classes/no.such.Class/instances", "/api/nothing-here",
                "/api/dumps/1/classes/0x1")) {
            Reply r = get(path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.body().get("error").asText()).as(path).isNotBlank();
            assertThat(r.raw().body()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void badParametersAre400WithAMessage() throws Exception {
        for (String path : List.of("/api/dumps/1/histogram?filter=" + q("([a"), "/api/dumps/1/histogram?sort=size",
                "/api/dumps/1/histogram?limit=0", "/api/dumps/1/histogram?offset=-1", "/api/dumps/1/objects/zz",
                "/api/dumps/1/objects/0x" + "f".repeat(17), "/api/compare", "/api/dumps/1/histogram?group=planet")) {
            Reply r = get(path);
            assertThat(r.status()).as(path + " " + r.raw().body()).isEqualTo(400);
            assertThat(r.body().get("error").asText()).as(path).isNotBlank();
        }
    }

    @Test
    void pagesCarryAContentSecurityPolicyAndRefuseForeignHosts() throws Exception {
        Reply page = get("/");
        assertThat(page.status()).isEqualTo(200);
        String csp = page.raw().headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline");
        // DNS rebinding: a page of another site resolving its name to 127.0.0.1 sends its own Host header
        // (java.net.http forbids setting Host, so a raw socket)
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write(("GET /api/dumps HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 403");
            assertThat(response).doesNotContain("\"objects\"");
        }
    }

    @Test
    void nonLoopbackHostNeedsAnExplicitFlag() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ExplorerServer.start(explorer, "0.0.0.0", 0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--allow-remote");
    }
}

package io.heapsight.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.heapsight.demo.DemoServer;
import io.heapsight.demo.RunningDemo;
import io.heapsight.testkit.DumpedHeap;
import io.heapsight.testkit.ForkedDump;
import io.heapsight.testkit.scenarios.LeakCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every verb with --format json (or --json): standard output is JSON and nothing else, it carries schemaVersion,
 * and its shape (keys and types) is the stored example in src/test/resources/json-contract, the contract that
 * docs/json-contract.md describes. What the code wrote is kept in target/json-contract-actual for comparison.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsonOutputContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Fails on anything after the first document: stdout must carry nothing else. */
    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Path ACTUAL = Path.of("target", "json-contract-actual");

    @TempDir
    static Path dir;
    private DumpedHeap small;
    private DumpedHeap big;
    private ForkedJvm target;

    @BeforeAll
    void targets() throws Exception {
        small = ForkedDump.of(LeakCache.class).jvmArgs("-Xmx128m").args("2000", "512", "0").run(dir.resolve("small"));
        big = ForkedDump.of(LeakCache.class).jvmArgs("-Xmx128m").args("6000", "512", "0").run(dir.resolve("big"));
        target = ForkedJvm.start(25, "idle", "-Xmx64m", "-XX:+UseG1GC");
        Files.createDirectories(ACTUAL);
    }

    @AfterAll
    void stop() {
        if (target != null) target.close();
    }

    @Test
    void analyze() throws Exception {
        JsonNode json = onlyJson("analyze", run("analyze", big.file().toString(), "--format", "json", "--no-index"));
        assertContract("analyze", json);
    }

    @Test
    void diff() throws Exception {
        JsonNode json = onlyJson("diff", run("diff", small.file().toString(), big.file().toString(), "--format", "json"));
        assertContract("diff", json);
    }

    @Test
    void ps() throws Exception {
        JsonNode json = onlyJson("ps", run("ps", "--json"));
        assertContract("ps", json);
        assertThat(json.get("jvms").findValuesAsText("pid")).contains(Long.toString(target.pid()));
    }

    @Test
    void dump() throws Exception {
        Path out = dir.resolve("target.hprof");
        JsonNode json = onlyJson("dump", run("dump", Long.toString(target.pid()), "-o", out.toString(), "--format", "json"));
        assertContract("dump", json);
        assertThat(json.get("path").asText()).isEqualTo(out.toAbsolutePath().toString());
        assertThat(json.get("sizeBytes").asLong()).isEqualTo(Files.size(out));

        JsonNode histogram = onlyJson("dump", run("dump", Long.toString(target.pid()), "--histogram", "--json"));
        assertContract("dump-histogram", histogram);
        // the idle target retains 20,000 HeapsightTarget$Payload objects
        JsonNode payload = null;
        for (JsonNode row : histogram.get("rows")) if (row.get("className").asText().equals("HeapsightTarget$Payload")) payload = row;
        assertThat(payload).as("Payload row").isNotNull();
        assertThat(payload.get("instances").asLong()).isEqualTo(20_000);
    }

    @Test
    void monitor() throws Exception {
        Cli.Result r = run("monitor", Long.toString(target.pid()), "--duration", "3s", "--format", "json");
        List<String> lines = r.out().lines().toList();
        assertThat(lines).as(r.err()).hasSizeGreaterThanOrEqualTo(2);
        ArrayNode samples = JSON.createArrayNode();
        for (String line : lines.subList(0, lines.size() - 1)) {
            JsonNode n = onlyJson("monitor", new Cli.Result(r.code(), line + "\n", r.err()));
            if (n.get("type").asText().equals("sample")) samples.add(n);
        }
        assertThat(samples).isNotEmpty();
        assertContract("monitor-sample", samples.get(0));
        JsonNode summary = onlyJson("monitor", new Cli.Result(r.code(), lines.getLast() + "\n", r.err()));
        assertContract("monitor-summary", summary);
        assertThat(summary.get("samples").asInt()).isEqualTo(samples.size());
    }

    @Test
    void monitorWritesItsSummaryToOut() throws Exception {
        Path file = dir.resolve("monitor-summary.json");
        Cli.Result r = run("monitor", Long.toString(target.pid()), "--duration", "2s", "--json", "-o", file.toString());
        JsonNode summary = STRICT.readTree(Files.readString(file));
        assertThat(summary.get("type").asText()).isEqualTo("summary");
        assertContract("monitor-summary", summary);
        for (String line : r.out().lines().toList()) assertThat(JSON.readTree(line).get("type").asText()).isIn("sample", "message");
    }

    @Test
    void load() throws Exception {
        try (RunningDemo demo = DemoServer.start(0)) {
            JsonNode json = onlyJson("load", run("load", demo.uri() + "/api/staticstring", "--requests", "50", "-c", "2", "--json"));
            assertContract("load", json);
            assertThat(json.get("requests").asLong()).isEqualTo(50);

            // -o: the same document in the file, nothing on stdout
            Path file = dir.resolve("load.json");
            Cli.Result toFile = run("load", demo.uri() + "/api/staticstring", "--requests", "20", "-c", "2", "--json", "-o", file.toString());
            assertThat(toFile.out()).isEmpty();
            assertThat(JsonShape.differences(json, STRICT.readTree(Files.readString(file)))).isEmpty();
        }
    }

    @Test
    void investigate() throws Exception {
        Path out = dir.resolve("investigation");
        Cli.Result r = run("investigate", "--pid", Long.toString(target.pid()), "--dumps", "2", "--interval", "1s",
                "--out-dir", out.toString(), "--format", "json");
        JsonNode json = onlyJson("investigate", r);
        assertThat(r.err()).as("progress goes to stderr").contains("dump 1/2").contains("dump 2/2");
        assertContract("investigate", json);
        assertThat(json.get("reports").get("html").asText()).isEqualTo(out.resolve("report.html").toAbsolutePath().toString());
        assertThat(Path.of(json.get("reports").get("html").asText())).exists();
    }

    private static Cli.Result run(String... args) {
        Cli.Result r = Cli.run(args);
        assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isIn(ExitCodes.OK, ExitCodes.LEAK_FOUND);
        return r;
    }

    /** stdout is exactly one JSON document and a newline: nothing before it, nothing after it. */
    private static JsonNode onlyJson(String verb, Cli.Result r) throws JsonProcessingException {
        String out = r.out();
        assertThat(out).as(verb + " stdout ends with one newline").endsWith("\n").doesNotEndWith("\n\n");
        JsonNode json = STRICT.readTree(out);
        assertThat(json.isObject()).as(verb + " stdout is a JSON object").isTrue();
        assertThat(json.path("schemaVersion").isInt()).as(verb + " has schemaVersion").isTrue();
        return json;
    }

    private static void assertContract(String name, JsonNode actual) throws IOException {
        Files.writeString(ACTUAL.resolve(name + ".json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual));
        JsonNode example;
        try (InputStream in = JsonOutputContractTest.class.getResourceAsStream("/json-contract/" + name + ".json")) {
            assertThat(in).as("stored example json-contract/" + name + ".json").isNotNull();
            example = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertThat(actual.get("schemaVersion").asInt()).as(name + " schemaVersion").isEqualTo(example.get("schemaVersion").asInt());
        assertThat(JsonShape.differences(example, actual)).as(name + " against its stored example").isEmpty();
    }
}

package io.heapsight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** `heapsight investigate --demo`: the README's main job, end to end against a real demo JVM. */
class InvestigateCommandTest {
    @TempDir
    Path dir;

    @Test
    void demoInvestigationNamesTheLeakyCacheField() throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = HeapsightCli.run("investigate", "--demo", "--requests", "600", "--out", dir.toString(), "--fail-on-leak");
        } finally {
            System.setOut(out);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isEqualTo(ExitCodes.LEAK_FOUND);
        String last = text.strip().lines().reduce((a, b) -> b).orElse("");
        assertThat(last).startsWith("verdict: leak").contains("io.heapsight.demo.leaks.ProductCache.ENTRIES")
                .contains("io.heapsight.demo.leaks.Product");
        assertThat(dir.resolve("report.html")).exists();
        assertThat(Files.readString(dir.resolve("report.html"))).contains("ProductCache.ENTRIES");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertThat(json.path("verdict").asText()).isEqualTo("leak");
        JsonNode first = json.path("suspects").get(0);
        assertThat(first.path("holder").asText()).isEqualTo("io.heapsight.demo.leaks.ProductCache.ENTRIES");
        // 600 requests per round, two rounds, each Product about 10 KB: the cache grew by at least 1,200 entries
        assertThat(first.path("growthCount").asLong()).isGreaterThanOrEqualTo(1200);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".hprof"));
        }
    }

    @Test
    void needsATarget() {
        assertThat(HeapsightCli.run("investigate")).isEqualTo(ExitCodes.USAGE);
        assertThat(HeapsightCli.run("investigate", "--demo", "--pid", "1")).isEqualTo(ExitCodes.USAGE);
        assertThat(HeapsightCli.run("investigate", "--demo", "--dumps", "1")).isEqualTo(ExitCodes.USAGE);
    }
}

package io.heapsight.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heapsight.analysis.AnalysisOptions;
import io.heapsight.analysis.AnalysisReport;
import io.heapsight.analysis.HeapAnalysis;
import io.heapsight.heap.Progress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The extension point end to end: {@link ThrowawaySection} lives only in this test source folder with its own
 * services file; the analyze report shows it in text, JSON and HTML, in its order, without any presenter knowing it.
 */
class AddedSectionTest {
    @TempDir
    static Path dir;
    static AnalysisReport report;

    @BeforeAll
    static void analyze() throws Exception {
        report = HeapAnalysis.analyze(SmallDump.write(dir.resolve("small.hprof")), AnalysisOptions.defaults(), Progress.NONE);
    }

    @Test
    void runsBetweenTheBuiltInSectionsByItsOrder() {
        assertThat(report.sections()).extracting(AnalysisReport.Section::name).containsExactly("suspects",
                "throwaway-holders", "class-histogram", "dominators", "duplicate-strings", "class-loaders", "finalizer",
                "direct-buffers");
    }

    @Test
    void appearsInTheTextReport() {
        String text = TextReport.render(report);
        assertThat(text).contains("THROWAWAY: HOLDERS AND WHAT THEY RETAIN");
        // the row of the one holder, found by its class (its id is the writer's business)
        String row = text.lines().filter(l -> l.contains("com.example.Holder@0x")).findFirst().orElseThrow();
        assertThat(row).contains("note <script>alert(1)</script>");
        assertThat(text.indexOf("LEAK SUSPECTS")).isLessThan(text.indexOf("THROWAWAY"));
        assertThat(text.indexOf("THROWAWAY")).isLessThan(text.indexOf("CLASS HISTOGRAM"));
    }

    @Test
    void appearsInTheJsonReportAsAResult() throws Exception {
        JsonNode json = new ObjectMapper().readTree(JsonReport.render(report));
        List<String> names = new ArrayList<>();
        json.get("sections").forEach(s -> names.add(s.get("name").asText()));
        assertThat(names).contains("throwaway-holders");
        JsonNode section = json.get("sections").get(names.indexOf("throwaway-holders"));
        JsonNode result = section.get("result");
        assertThat(result.get("type").asText()).isEqualTo("table");
        assertThat(result.get("title").asText()).isEqualTo(ThrowawaySection.TITLE);
        JsonNode row = result.get("rows").get(0);
        assertThat(row.get("holder").asText()).matches("0x[0-9a-f]+");
        assertThat(row.get("retainedBytes").asLong()).isPositive();
        // the original keys are still there
        assertThat(json.get("suspects").get(0).get("holder").asText()).isEqualTo("com.example.Cache.ENTRIES");
        assertThat(json.has("inspections")).isTrue();
    }

    @Test
    void appearsInTheHtmlReportEscapedAndLinked() throws Exception {
        String html = HtmlReport.render(report);
        JsonNode json = new ObjectMapper().readTree(JsonReport.render(report));
        String id = json.get("sections").findValues("rows").stream().filter(r -> r.size() > 0 && r.get(0).has("remark"))
                .findFirst().orElseThrow().get(0).get("holder").asText();
        assertThat(html).contains("<h2>" + HtmlReport.esc(ThrowawaySection.TITLE) + "</h2>");
        assertThat(html).contains("<a class=obj data-id=\"" + id + "\">com.example.Holder@" + id + "</a>");
        // the page outside the embedded JSON report (whose embedding is JsonReport's business)
        String page = html.substring(0, html.indexOf("<script type=\"application/json\""));
        assertThat(page).contains("note &lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert(1)");
    }
}

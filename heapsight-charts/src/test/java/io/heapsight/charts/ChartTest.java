package io.heapsight.charts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A chart as uPlot wants it: one sorted x axis shared by every series, gaps where a series has no value. */
class ChartTest {
    @Test
    void seriesShareOneSortedXAxisWithGapsAndUnknownValuesAreLeftOut() throws Exception {
        Chart c = new Chart("c-1", Chart.X.TIME, "time", "bytes");
        int a = c.series("a", Chart.Style.LINE, "#000");
        int b = c.series("b", Chart.Style.POINTS, "#111");
        c.put(a, 30, 3).put(a, 10, 1).put(b, 20, 2).put(b, 30, 33).put(a, Double.NaN, 5).put(b, 40, Double.NaN);
        c.band(a, b, "rgba(0,0,0,.1)").marker(15, Chart.Marker.FULL).shade(10, 12, "warm-up");
        JsonNode n = new ObjectMapper().readTree(Charts.data(Map.of("f", "v"), List.of(c)));
        JsonNode chart = n.path("charts").get(0);
        assertThat(chart.path("xs").toString()).isEqualTo("[10,20,30]");
        assertThat(chart.path("ys").toString()).isEqualTo("[[1,null,3],[null,2,33]]");
        assertThat(chart.path("markers").toString()).isEqualTo("[{\"x\":15,\"kind\":\"full\"}]");
        assertThat(chart.path("shade").path("label").asText()).isEqualTo("warm-up");
        assertThat(n.path("fields").path("f").asText()).isEqualTo("v");
    }

    @Test
    void idsCannotCarryMarkup() {
        assertThatThrownBy(() -> new Chart("a\" onload=\"x", Chart.X.DUMP, "dump", "bytes")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Charts.figure("<b>", "caption")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theVendoredScriptsCanBeInlinedAndTheCspNamesEachByItsHash() {
        assertThat(Charts.scripts()).hasSize(2).allSatisfy(s -> assertThat(s.toLowerCase()).doesNotContain("</script", "<!--"));
        assertThat(Charts.scripts().get(0)).startsWith("/*! https://github.com/leeoniya/uPlot (v1.6.32) */");
        String meta = Charts.cspMeta(Charts.scripts(), List.of("a{}"));
        assertThat(meta).contains("script-src 'sha256-" + Charts.sha256(Charts.scripts().get(0)) + "' 'sha256-")
                .contains("style-src 'sha256-" + Charts.sha256("a{}") + "';").contains("default-src 'none'").doesNotContain("unsafe");
        assertThat(Charts.sha256("")).isEqualTo("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");   // SHA-256 of nothing, base64
    }
}

package io.heapsight.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The three diff presenters on one hand-built diff: a cache growing 10 → 20 → 30 MB beside a flat pool. */
class DiffReportsTest {

    @Test
    void textNamesTheVerdictTheGrowingHolderAndItsSeries() {
        String text = DiffTextReport.render(SmallReports.diff(true), 10);

        assertThat(text).startsWith("heapsight diff: 3 dumps, oldest first\n");
        assertThat(text).contains("  [3] c.hprof  90,000 objects, 40.0 MB reachable  [TRUNCATED]\n");
        assertThat(text).contains("  NOTE: c.hprof is truncated\n");
        assertThat(text).contains("VERDICT: LEAK — 1 holder growing beyond noise (2.0 MB)\n");
        assertThat(text).contains("  #1  com.example.Cache.ENTRIES  +20.0 MB, +7,000 × com.example.Session, grew in 2 of 2 steps\n");
        assertThat(text).contains("10.0 MB → 20.0 MB → 30.0 MB");
        assertThat(text).containsPattern("stable +0 B +5\\.0 MB  com\\.example\\.Pool\\.ITEMS \\(com\\.example\\.Item\\)");
        assertThat(text).contains("+14.0 MB").contains("+21.0 MB");
    }

    @Test
    void textSaysNoLeakWhenNothingGrows() {
        String text = DiffTextReport.render(SmallReports.diff(false), 10);

        assertThat(text).contains("VERDICT: no leak found — nothing grows beyond noise (2.0 MB) across the dumps\n");
        assertThat(text).doesNotContain("GROWING HOLDERS");
    }

    @Test
    void jsonCarriesTheVerdictTokenAndTheSeries() throws Exception {
        JsonNode root = new ObjectMapper().readTree(DiffJsonReport.render(SmallReports.diff(true), 10));

        assertThat(root.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(root.get("kind").asText()).isEqualTo("diff");
        assertThat(root.get("verdict").asText()).isEqualTo("leak");
        assertThat(root.get("noiseBytes").asLong()).isEqualTo(2L << 20);
        assertThat(root.get("dumps")).hasSize(3);
        assertThat(root.at("/dumps/2/status").asText()).isEqualTo("truncated");
        assertThat(root.get("growingHolders").asInt()).isEqualTo(1);
        assertThat(root.at("/suspects/0/verdict").asText()).isEqualTo("growing");
        assertThat(root.at("/suspects/0/growthBytes").asLong()).isEqualTo(20L << 20);
        assertThat(root.at("/suspects/1/verdict").asText()).isEqualTo("stable");

        JsonNode none = new ObjectMapper().readTree(DiffJsonReport.render(SmallReports.diff(false), 10));
        assertThat(none.get("verdict").asText()).isEqualTo("no-leak");
    }

    @Test
    void htmlShowsTheVerdictAndEachHolder() {
        String html = DiffHtmlReport.render(SmallReports.diff(true), 10);

        assertThat(html).startsWith("<!DOCTYPE html>");
        assertThat(html).contains("com.example.Cache.ENTRIES").contains("com.example.Pool.ITEMS");
        assertThat(html).contains("<td class=v-growing>growing</td>").contains("<td class=v-stable>stable</td>");
        assertThat(html).contains("<b>truncated</b>");
        assertThat(DiffHtmlReport.render(SmallReports.diff(false), 10)).contains("<p class=verdict-ok><b>No leak found:</b>");
    }
}

package io.heapsight.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heapsight.charts.Charts;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.heapsight.report.SmallReports.MB;
import static org.assertj.core.api.Assertions.assertThat;

/** The growth charts of the diff and investigate HTML reports, as data: axes, sizes per dump, rates stated. */
class GrowthChartsTest {
    private static final Pattern DATA = Pattern.compile("<script type=\"application/json\" id=\"" + Charts.DATA_ID + "\">(.*?)</script>",
            Pattern.DOTALL);

    static JsonNode charts(String html) throws Exception {
        Matcher m = DATA.matcher(html);
        assertThat(m.find()).isTrue();
        return new ObjectMapper().readTree(m.group(1)).path("charts");
    }

    static JsonNode chart(JsonNode charts, String id) {
        for (JsonNode c : charts) if (c.path("id").asText().equals(id)) return c;
        throw new AssertionError("no chart " + id + " in " + charts);
    }

    static List<Double> values(JsonNode node) {
        List<Double> out = new ArrayList<>();
        for (JsonNode v : node) out.add(v.isNull() ? null : v.asDouble());
        return out;
    }

    @Test
    void anInvestigationChartsEachGrowingHolderOverTheDumpTimesAndStatesItsRatePerHourAndPerRequest() throws Exception {
        String html = InvestigationReport.html(GrowthCharts.run(), GrowthCharts.diff(), 10);
        JsonNode charts = charts(html);
        double t0 = GrowthCharts.T0 / 1000.0;
        double half = GrowthCharts.HALF_HOUR / 1000.0;

        JsonNode holder = chart(charts, "holder-1");
        assertThat(holder.path("x").asText()).isEqualTo("time");
        assertThat(values(holder.path("xs"))).containsExactly(t0, t0 + half, t0 + 2 * half);
        assertThat(values(holder.path("ys").get(0))).containsExactly(10.0 * MB, 20.0 * MB, 30.0 * MB);
        // 20 MB in one hour and 1,200 requests: +20.0 MB per hour, 17,476 B = 17.1 KB per request
        assertThat(html).contains("+20.0 MB from the first dump to the last, +20.0 MB per hour, +17.1 KB per request");
        assertThat(html).contains("<td class=n data-v=\"" + 20 * MB + "\">+20.0 MB</td>");   // the table's per-hour column

        JsonNode live = chart(charts, "live-set");
        assertThat(values(live.path("ys").get(0))).containsExactly(40.0 * MB, 50.0 * MB, 60.0 * MB);
        assertThat(values(live.path("ys").get(1))).containsExactly(38.0 * MB, 48.0 * MB, 58.0 * MB);

        JsonNode classes = chart(charts, "classes");
        // 14 MB of shallow growth in the hour, over 1,200 requests: 12,233 B = 11.9 KB per request
        assertThat(classes.path("series").get(0).path("label").asText())
                .isEqualTo(GrowthCharts.CLASS + " (+14.0 MB per hour, +11.9 KB per request)");
        assertThat(values(classes.path("ys").get(0))).containsExactly(6.0 * MB, 12.0 * MB, 20.0 * MB);
        // only growing holders get a chart
        assertThat(charts.findValuesAsText("id")).containsExactlyInAnyOrder("live-set", "holder-1", "classes");
        // the class table's per-hour column: 14 MB of shallow growth in the hour
        assertThat(html).contains("<th class=n>shallow per hour</th>")
                .contains("<td class=n data-v=\"" + 14 * MB + "\">+14.0 MB</td><td class=n data-v=\"" + 14 * MB + "\">+14.0 MB</td>");
    }

    @Test
    void aDiffOfDumpsWithoutUsableTimesCountsDumpsOnXAndSaysWhyThereIsNoRatePerHour() throws Exception {
        // SmallReports' dumps all carry the same header time
        String html = DiffHtmlReport.render(SmallReports.diff(true), 10);
        JsonNode holder = chart(charts(html), "holder-1");
        assertThat(holder.path("x").asText()).isEqualTo("dump");
        assertThat(holder.path("xLabel").asText()).isEqualTo("dump");
        assertThat(values(holder.path("xs"))).containsExactly(1.0, 2.0, 3.0);
        assertThat(html).contains("+20.0 MB from the first dump to the last (no rate per hour: the dumps carry no times)");
        assertThat(html).contains("<th class=n>shallow Δ</th><th class=n>retained Δ</th>").doesNotContain("shallow per hour");
        assertThat(html).doesNotContain("<svg");
    }

    @Test
    void hostileNamesStayTextInTheCaptionsAndDataInTheCharts() throws Exception {
        String html = InvestigationReport.html(GrowthCharts.run(), GrowthCharts.diff(), 10);
        assertThat(html).doesNotContain("<img").doesNotContain("<b>Session").doesNotContain("window.__pwned=2</script>");
        Matcher m = DATA.matcher(html);
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).doesNotContain("<", ">", "&");
        assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'sha256-");
    }
}

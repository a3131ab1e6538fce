package io.heapsight.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heapsight.common.LeakVerdict;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.heapsight.monitor.PageHistories.MB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The monitor's page as data: what it charts, against histories whose shape the test knows. */
class MonitorPageTest {
    static final String HOSTILE = "</script><script>window.__pwned=1</script><!--<img src=x onerror=alert(1)>\u2028\"&'";
    private static final Pattern DATA = Pattern.compile("<script type=\"application/json\" id=\"heapsight-charts\">(.*?)</script>", Pattern.DOTALL);

    static JsonNode data(String page) throws Exception {
        Matcher m = DATA.matcher(page);
        assertThat(m.find()).as("data block").isTrue();
        return new ObjectMapper().readTree(m.group(1));
    }

    static JsonNode chart(JsonNode data, String id) {
        for (JsonNode c : data.path("charts")) if (c.path("id").asText().equals(id)) return c;
        throw new AssertionError("no chart " + id);
    }

    static int seriesIndex(JsonNode chart, String label) {
        JsonNode series = chart.path("series");
        for (int i = 0; i < series.size(); i++) if (series.get(i).path("label").asText().equals(label)) return i;
        return -1;
    }

    static List<double[]> points(JsonNode chart, String label) {
        int s = seriesIndex(chart, label);
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < chart.path("xs").size(); i++) {
            JsonNode y = chart.path("ys").get(s).get(i);
            if (!y.isNull()) out.add(new double[]{chart.path("xs").get(i).asDouble(), y.asDouble()});
        }
        return out;
    }

    @Test
    void aLeakIsChartedWithTheFittedPointsTheTrendAtItsRateAndAConfidenceBandAroundIt() throws Exception {
        PageHistories.Leak leak = PageHistories.leak("G1 Evacuation Pause");
        JsonNode data = data(MonitorPage.render("pid 42", leak.history(), PageHistories.WALL0 + 700_000));
        assertThat(data.path("fields").path("verdict").asText()).isEqualTo("leak");
        assertThat(data.path("fields").path("meaning").asText()).isEqualTo(LeakVerdict.LEAK.meaning());
        JsonNode live = chart(data, "live-set");

        // fitted: the old-generation collections (mixed and the full one) past the 60 s warm-up, as the generator made them
        long from = PageHistories.UPTIME0 + PageHistories.WARMUP.toMillis();
        List<long[]> expectedFitted = leak.oldCollections().stream().filter(c -> c[0] >= from).toList();
        List<double[]> fitted = points(live, "after GC, fitted");
        assertThat(fitted).hasSize(expectedFitted.size());
        assertThat(points(live, "after GC, not fitted")).hasSize(leak.young() + leak.mixed() + leak.full() - expectedFitted.size());
        // on the wall clock: each fitted point is an old collection past warm-up, at WALL0 + its uptime
        for (int i = 0; i < fitted.size(); i++) {
            assertThat(fitted.get(i)).containsExactly((PageHistories.WALL0 + expectedFitted.get(i)[0]) / 1000.0, expectedFitted.get(i)[1]);
        }

        // the trend line spans the fitted points at the generator's 10 MB/min
        List<double[]> trend = points(live, "trend (Theil–Sen)");
        assertThat(trend).hasSize(3);
        double[] a = trend.get(0);
        double[] b = trend.get(2);
        assertThat(a[0]).isEqualTo(fitted.get(0)[0]);
        assertThat(b[0]).isEqualTo(fitted.get(fitted.size() - 1)[0]);
        assertThat((b[1] - a[1]) / (b[0] - a[0]) * 60 / MB).isCloseTo(10, within(0.7));
        // the band holds the trend at both ends (wider than nothing: the points scatter) and narrows to it in the middle
        List<double[]> upper = points(live, "95% CI, upper");
        List<double[]> lower = points(live, "95% CI, lower");
        for (int i : new int[]{0, 2}) {
            assertThat(upper.get(i)[1]).isGreaterThan(trend.get(i)[1]);
            assertThat(lower.get(i)[1]).isLessThan(trend.get(i)[1]);
        }
        assertThat(upper.get(1)[1]).isEqualTo(lower.get(1)[1]).isCloseTo(trend.get(1)[1], within(1.0));
        assertThat(live.path("bands").get(0).path("upper").asInt()).isEqualTo(seriesIndex(live, "95% CI, upper"));
        assertThat(live.path("shade").path("to").asDouble() - live.path("shade").path("from").asDouble()).isEqualTo(60.0);
    }

    @Test
    void gcMarkersAreCountedByKindAndHeapAndRssAreSeries() throws Exception {
        PageHistories.Leak leak = PageHistories.leak("G1 Evacuation Pause");
        JsonNode data = data(MonitorPage.render("pid 42", leak.history(), 0));
        JsonNode memory = chart(data, "memory");
        int young = 0, old = 0, full = 0;
        for (JsonNode m : memory.path("markers")) {
            switch (m.path("kind").asText()) {
                case "young" -> young++;
                case "old" -> old++;
                case "full" -> full++;
                default -> throw new AssertionError(m);
            }
        }
        assertThat(new int[]{young, old, full}).containsExactly(leak.young(), leak.mixed(), leak.full());
        assertThat(data.path("fields").path("gcs").asText())
                .isEqualTo("GCs: " + leak.young() + " young, " + leak.mixed() + " old or mixed, " + leak.full() + " full");
        int samples = leak.history().samples().size();
        assertThat(points(memory, "heap used")).hasSize(samples);
        assertThat(points(memory, "heap committed")).hasSize(samples).allMatch(p -> p[1] == 512 * MB);
        assertThat(points(memory, "RSS")).hasSize(samples);
        // RSS less the heap's resident 400 MB: 200 MB and 1 KB more per second
        List<double[]> outside = points(memory, "RSS outside heap");
        assertThat(outside).hasSize(samples);
        assertThat(outside.get(0)[1]).isEqualTo(200.0 * MB);
        assertThat(outside.get(samples - 1)[1] - outside.get(0)[1])
                .isCloseTo(1024.0 * (outside.get(samples - 1)[0] - outside.get(0)[0]), org.assertj.core.api.Assertions.within(1.0));
        assertThat(memory.path("fromZero").asBoolean()).isTrue();
    }

    @Test
    void hostileNamesTravelAsDataTheHtmlParserNeverSees() throws Exception {
        PageHistories.Leak leak = PageHistories.leak(HOSTILE);
        String page = MonitorPage.render(HOSTILE, leak.history(), 0);
        assertThat(page).doesNotContain("__pwned=1</script>").doesNotContain("<img").doesNotContain("\u2028");
        Matcher m = DATA.matcher(page);
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).doesNotContain("<").doesNotContain(">").doesNotContain("&");
        assertThat(data(page).path("fields").path("target").asText()).isEqualTo(HOSTILE);
    }

    @Test
    void theCspAllowsExactlyTheInlineScriptsAndStylesOfThePage() throws Exception {
        String page = MonitorPage.render("pid 1", PageHistories.noGc(3), 0);
        Matcher csp = Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">").matcher(page);
        assertThat(csp.find()).isTrue();
        String policy = csp.group(1);
        assertThat(policy).startsWith("default-src 'none';").doesNotContain("unsafe-inline").doesNotContain("http");
        List<String> scripts = bodies(page, "<script>", "</script>");
        List<String> styles = bodies(page, "<style>", "</style>");
        assertThat(scripts).hasSize(2);
        assertThat(styles).hasSize(2);
        String scriptSrc = directive(policy, "script-src");
        String styleSrc = directive(policy, "style-src");
        for (String s : scripts) assertThat(scriptSrc).contains("'sha256-" + sha256(s) + "'");
        for (String s : styles) assertThat(styleSrc).contains("'sha256-" + sha256(s) + "'");
        assertThat(scriptSrc.split(" ")).hasSize(scripts.size());
        // nothing to fetch: no element with a source or a link (uPlot names its home page in a comment, nothing more)
        assertThat(page).doesNotContain(" src=").doesNotContain(" href=").doesNotContain("url(");
    }

    @Test
    void theRunsDumpsAreListedWithTheirSizes() throws Exception {
        DumpResult d = new DumpResult(java.nio.file.Path.of("/dumps/heapsight-42-at75pct.hprof"), 3 * MB, java.time.Duration.ofSeconds(2));
        JsonNode data = data(MonitorPage.render("pid 42", PageHistories.noGc(3), 0, List.of(d)));
        assertThat(data.path("fields").path("dumps").asText()).isEqualTo("/dumps/heapsight-42-at75pct.hprof (3.0 MB)");
        assertThat(data(MonitorPage.render("pid 42", PageHistories.noGc(3), 0)).path("fields").path("dumps").asText()).isEmpty();
    }

    @Test
    void anEmptyHistoryIsAPageThatSaysSo() throws Exception {
        MonitorHistory empty = new MonitorHistory(List.of(), List.of(), -1, Verdict.inconclusive(0, 0, "not enough samples yet"));
        JsonNode data = data(MonitorPage.render("pid 7", empty, 0));
        assertThat(data.path("fields").path("window").asText()).isEqualTo("no samples yet");
        assertThat(data.path("fields").path("verdict").asText()).isEqualTo("inconclusive");
        assertThat(chart(data, "live-set").path("xs")).isEmpty();
        assertThat(chart(data, "memory").path("xs")).isEmpty();
        assertThat(seriesIndex(chart(data, "live-set"), "trend (Theil–Sen)")).isEqualTo(-1);
    }

    @Test
    void oneSampleIsOnePointAndNoTrend() throws Exception {
        JsonNode data = data(MonitorPage.render("pid 7", PageHistories.noGc(1), 0));
        assertThat(chart(data, "memory").path("xs")).hasSize(1);
        assertThat(chart(data, "live-set").path("xs")).isEmpty();
        assertThat(chart(data, "live-set").path("bands")).isEmpty();
        assertThat(data.path("fields").path("slope").asText()).isEqualTo("no trend yet");
    }

    @Test
    void withoutGcsThereAreNoLiveSetPointsNoMarkersAndTheVerdictSaysWhy() throws Exception {
        MonitorHistory h = PageHistories.noGc(100);
        JsonNode data = data(MonitorPage.render("pid 7", h, 0));
        assertThat(chart(data, "live-set").path("xs")).isEmpty();
        assertThat(chart(data, "memory").path("markers")).isEmpty();
        assertThat(data.path("fields").path("gcs").asText()).isEqualTo("GCs: 0 young, 0 old or mixed, 0 full");
        assertThat(data.path("fields").path("verdict").asText()).isEqualTo("inconclusive");
        assertThat(data.path("fields").path("reason").asText()).contains("0 GCs");
    }

    private static List<String> bodies(String page, String open, String close) {
        List<String> out = new ArrayList<>();
        for (int i = page.indexOf(open); i >= 0; i = page.indexOf(open, i + 1)) {
            out.add(page.substring(i + open.length(), page.indexOf(close, i)));
        }
        return out;
    }

    private static String directive(String policy, String name) {
        for (String d : policy.split(";")) {
            d = d.strip();
            if (d.startsWith(name + " ")) return d.substring(name.length() + 1);
        }
        throw new AssertionError("no " + name + " in " + policy);
    }

    private static String sha256(String s) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}

package io.heapsight.report;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.heapsight.testkit.browser.LocalPlaywright;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The investigate report in headless Chromium, opened from its file: the live-set, holder and class charts drawn with
 * byte units on y and the dumps' times on x, the verdict and the rate per hour shown, hostile holder and class names
 * shown as text (in the caption, the table and the chart's legend), no script or console error, no CSP violation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportChartsBrowserTest {
    @TempDir
    Path dir;
    private Playwright playwright;
    private Browser browser;

    @BeforeAll
    void browser() {
        playwright = LocalPlaywright.create();
        browser = LocalPlaywright.launchChromium(playwright);
    }

    @AfterAll
    void close() {
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
    }

    @Test
    void theInvestigateReportDrawsItsGrowthChartsWithUnitsAndKeepsHostileNamesAsText() throws Exception {
        Path html = dir.resolve("report.html");
        Files.writeString(html, InvestigationReport.html(GrowthCharts.run(), GrowthCharts.diff(), 10));
        List<String> problems = new ArrayList<>();
        try (Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1200, 1000))) {
            LocalPlaywright.watchForProblems(page, problems);
            page.navigate(html.toUri().toString());
            for (String chart : List.of("live-set", "holder-1", "classes")) {
                page.waitForSelector("figure[data-chart=" + chart + "][data-drawn]");
                Locator fig = page.locator("figure[data-chart=" + chart + "]");
                assertThat(fig.getAttribute("data-x-label")).isEqualTo("time of the dump (UTC)");
                String yTicks = fig.getAttribute("data-y-ticks");
                assertThat(yTicks.split("\\|")).as(chart + " y ticks " + yTicks).hasSizeGreaterThan(2)
                        .allMatch(t -> t.matches("\\d+(\\.\\d)? (B|KB|MB)")).anyMatch(t -> t.endsWith(" MB"));
                assertThat(painted(page, chart)).as(chart + " canvas pixels painted").isGreaterThan(3_000);
                assertThat(nonBackground(fig.screenshot())).as(chart + " screenshot").isGreaterThan(8_000);
            }
            assertThat(page.locator("p.verdict-leak").textContent()).startsWith("Leak: 1 holder grows");
            assertThat(page.locator("figure[data-chart=holder-1] figcaption").textContent())
                    .isEqualTo("Retained + native bytes of " + GrowthCharts.HOLDER + " per dump: +20.0 MB from the first dump to the last,"
                            + " +20.0 MB per hour, +17.1 KB per request");
            assertThat(page.locator("figure[data-chart=classes] .u-legend").textContent()).contains(GrowthCharts.CLASS);
            assertThat(page.evaluate("() => window.__pwned === undefined && document.querySelectorAll('img, b > b').length === 0"))
                    .isEqualTo(true);
            Path shots = Path.of("target", "screenshots");
            Files.createDirectories(shots);
            page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("investigate-report.png")).setFullPage(true));
            assertThat(LocalPlaywright.cspViolations(page)).as("CSP violations").isEmpty();
        }
        assertThat(problems).isEmpty();
    }

    /** A growing holder's chart for ordinary names, as docs/images/investigate-holder-chart.png shows it. */
    @Test
    void screenshotForTheDocs() throws Exception {
        Path html = dir.resolve("docs.html");
        Files.writeString(html, InvestigationReport.html(GrowthCharts.run(), SmallReports.diff(true), 10));
        try (Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1000, 1000))) {
            page.navigate(html.toUri().toString());
            page.waitForSelector("figure[data-chart=holder-1][data-drawn]");
            Path shots = Path.of("target", "screenshots");
            Files.createDirectories(shots);
            page.locator("figure[data-chart=holder-1]").screenshot(new Locator.ScreenshotOptions()
                    .setPath(shots.resolve("investigate-holder-chart.png")));
        }
    }

    private static long painted(Page page, String chart) {
        Object n = page.evaluate("id => { const c = document.querySelector(`figure[data-chart='${id}'] canvas`);"
                + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
                + " for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }", chart);
        return ((Number) n).longValue();
    }

    private static long nonBackground(byte[] png) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        int bg = img.getRGB(0, 0);
        long n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) if (img.getRGB(x, y) != bg) n++;
        }
        return n;
    }
}

package io.heapsight.monitor;

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
 * `monitor --html`'s page in headless Chromium, opened from a file as a user would: both charts drawn (their canvases
 * hold the series, the screenshot is not blank), byte units on the y axes and time on x, the verdict and its reason
 * shown, a hostile JVM name shown as text, no script error, no console error, no CSP violation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitorPageBrowserTest {
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
    void theLeakPageDrawsBothChartsWithUnitsAndShowsTheVerdictAndHostileNamesAsText() throws Exception {
        PageHistories.Leak leak = PageHistories.leak(MonitorPageTest.HOSTILE);
        Path html = dir.resolve("monitor.html");
        Files.writeString(html, MonitorPage.render(MonitorPageTest.HOSTILE, leak.history(), PageHistories.WALL0 + 700_000));
        List<String> problems = new ArrayList<>();
        try (Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1200, 1000))) {
            LocalPlaywright.watchForProblems(page, problems);
            page.navigate(html.toUri().toString());
            page.waitForSelector("figure[data-chart=memory][data-drawn]");
            page.waitForSelector("figure[data-chart=live-set][data-drawn]");

            assertThat(page.locator("[data-field=verdict]").textContent()).isEqualTo("leak");
            assertThat(page.locator("[data-field=reason]").textContent()).startsWith("live set after GC grows");
            assertThat(page.locator("[data-field=target]").textContent()).isEqualTo(MonitorPageTest.HOSTILE);
            assertThat(page.evaluate("() => window.__pwned === undefined && document.querySelectorAll('img').length === 0")).isEqualTo(true);

            for (String chart : List.of("live-set", "memory")) {
                Locator fig = page.locator("figure[data-chart=" + chart + "]");
                assertThat(fig.getAttribute("data-x-label")).isEqualTo("time (UTC)");
                String yTicks = fig.getAttribute("data-y-ticks");
                // ByteSize's units on every tick ("0 B", "200 MB"); the data lie between 100 MB and 1 GB
                assertThat(yTicks.split("\\|")).as(chart + " y ticks " + yTicks).hasSizeGreaterThan(2)
                        .allMatch(t -> t.matches("\\d+(\\.\\d)? (B|KB|MB|GB)")).anyMatch(t -> t.endsWith(" MB"));
                assertThat(paintedPixels(page, chart)).as(chart + " canvas pixels painted").isGreaterThan(5_000);
                byte[] png = fig.screenshot();
                assertThat(nonBackgroundPixels(png)).as(chart + " screenshot").isGreaterThan(10_000);
            }
            // the legend names the series; the live-set chart holds the trend and its band
            assertThat(page.locator("figure[data-chart=live-set] .u-legend").textContent())
                    .contains("after GC, fitted", "trend (Theil–Sen)", "95% CI, upper");
            assertThat(page.locator("[data-field=gcs]").textContent()).contains("young", "1 full");
            Path shots = Path.of("target", "screenshots");
            Files.createDirectories(shots);
            page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("monitor-page.png")).setFullPage(true));

            assertThat(LocalPlaywright.cspViolations(page)).as("CSP violations").isEmpty();
        }
        assertThat(problems).isEmpty();
    }

    /** The top of the page for an ordinary target, as docs/images/monitor-page.png shows it. */
    @Test
    void screenshotForTheDocs() throws Exception {
        Path html = dir.resolve("docs.html");
        Files.writeString(html, MonitorPage.render("pid 4242 · Java 25 (25.0.3+9-LTS) · G1 Young Generation, G1 Old Generation",
                PageHistories.leak("G1 Evacuation Pause").history(), PageHistories.WALL0 + 700_000));
        try (Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1000, 720))) {
            page.navigate(html.toUri().toString());
            page.waitForSelector("figure[data-chart=live-set][data-drawn]");
            Path shots = Path.of("target", "screenshots");
            Files.createDirectories(shots);
            page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("monitor-page-top.png")));
        }
    }

    /** Canvas pixels of the chart that are not transparent: the plot's series, axes and markers. */
    static long paintedPixels(Page page, String chart) {
        Object n = page.evaluate("id => { const c = document.querySelector(`figure[data-chart='${id}'] canvas`);"
                + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
                + " for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }", chart);
        return ((Number) n).longValue();
    }

    /** Pixels of a screenshot that differ from its top-left (background) colour. */
    static long nonBackgroundPixels(byte[] png) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        int bg = img.getRGB(0, 0);
        long n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) if (img.getRGB(x, y) != bg) n++;
        }
        return n;
    }
}

package io.heapsight.demo;

import io.heapsight.testkit.browser.LocalPlaywright;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The live page in headless Chromium: it draws its charts, its buttons call their endpoints, and a screenshot is kept. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoPageBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCREENSHOT = Path.of("target", "demo-page.png");

    private RunningDemo demo;
    private Playwright playwright;
    private Browser browser;
    private Page page;
    private final List<String> pageErrors = new ArrayList<>();
    private final List<String> offSiteRequests = new ArrayList<>();

    @BeforeAll
    void open() {
        playwright = LocalPlaywright.create();
        browser = LocalPlaywright.launchChromium(playwright);
        demo = DemoServer.start(0);
        page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1400, 1000));
        LocalPlaywright.watchForProblems(page, pageErrors); // script errors, console errors and warnings
        page.onRequest(r -> {
            if (!r.url().startsWith(demo.uri().toString())) offSiteRequests.add(r.url());
        });
        page.navigate(demo.uri() + "/");
        page.waitForSelector("body[data-ready=true]");
        // three one-second samples, so every chart has something to draw
        page.waitForFunction("() => Number(document.body.dataset.samples || 0) >= 3");
    }

    @AfterAll
    void close() {
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
        if (demo != null) demo.close();
    }

    @Test
    void chartsAreDrawnFromTheJarWithoutErrors() {
        assertThat(page.locator(".uplot").count()).isEqualTo(3);
        // count painted pixels on each chart's canvas: an empty canvas has none
        @SuppressWarnings("unchecked")
        List<Number> painted = (List<Number>) page.evaluate("() => [...document.querySelectorAll('.uplot canvas')].map(c => {"
                + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
                + " for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) n++; return n; })");
        assertThat(painted).hasSize(3).allSatisfy(n -> assertThat(n.intValue()).isGreaterThan(500));
        assertThat(page.textContent("#s-live")).matches(".*\\d.*(KB|MB|GB)");
        assertThat(page.textContent("#status")).isEqualTo("live");
        assertThat(pageErrors).as("script errors, console errors and warnings").isEmpty();
        assertThat(offSiteRequests).as("no CDN: everything comes from the demo").isEmpty();
    }

    @Test
    void aButtonSendsItsBurstToItsEndpoint() throws Exception {
        int before = holder("StaticStrings.RETAINED");
        page.fill("#burst", "7");
        page.click("button[data-path='/api/staticstring']");
        page.waitForSelector("button[data-path='/api/staticstring'][data-calls='1']");
        assertThat(holder("StaticStrings.RETAINED") - before).isEqualTo(7);
        assertThat(page.textContent("#last-result")).contains("/api/staticstring: 7 ok, 0 failed");
    }

    @Test
    void forceGcButtonRunsAFullCollection() throws Exception {
        long fullGcsBefore = fullGcCount();
        page.click("#force-gc");
        page.waitForSelector("#force-gc[data-calls]");
        assertThat(page.textContent("#last-result")).startsWith("forced GC: live set");
        assertThat(fullGcCount()).isGreaterThan(fullGcsBefore);
    }

    @Test
    void everyCatalogEndpointHasAButton() {
        long expected = DemoCatalog.ENDPOINTS.stream().filter(e -> !e.kind().equals(DemoEndpoint.TOOL)).count();
        assertThat(page.locator("#buttons button").count()).isEqualTo((int) expected);
    }

    @Test
    void screenshotIsTaken() throws Exception {
        page.waitForTimeout(1500);
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOT).setFullPage(true));
        assertThat(Files.size(SCREENSHOT)).isGreaterThan(20_000);
    }

    private JsonNode diagnostics() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            String body = client.send(HttpRequest.newBuilder(URI.create(demo.uri() + "/api/diagnostics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return JSON.readTree(body);
        }
    }

    private int holder(String name) throws Exception {
        return diagnostics().get("holders").get(name).asInt();
    }

    /** Full collections of this JVM's collector (the page's demo runs in the test JVM). */
    private long fullGcCount() throws Exception {
        long n = 0;
        for (JsonNode c : diagnostics().get("collectors")) {
            String name = c.get("name").asText();
            if (name.contains("Old") || name.contains("MarkSweep") || name.contains("Major")) n += c.get("count").asLong();
        }
        return n;
    }
}

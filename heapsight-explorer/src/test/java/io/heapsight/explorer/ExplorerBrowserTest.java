package io.heapsight.explorer;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.heapsight.analysis.AnalysisOptions;
import io.heapsight.heap.Progress;
import io.heapsight.hprof.HprofWriter;
import io.heapsight.testkit.ForkedDump;
import io.heapsight.testkit.browser.LocalPlaywright;
import io.heapsight.testkit.scenarios.GrowthBesideConstant;
import io.heapsight.testkit.scenarios.KnownGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The explorer in headless Chromium: the click path a user takes from the histogram to a path from a GC root on the
 * hand-computed KnownGraph dump, the compare view of two dumps of a growing map, and a dump whose names and strings
 * carry markup, which must show as text. Screenshots go to target/screenshots (docs/images keeps copies).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplorerBrowserTest {
    static final String P = "io.heapsight.testkit.scenarios.KnownGraph$";
    static final Path SHOTS = Path.of("target", "screenshots");

    @TempDir
    Path dir;
    Playwright playwright;
    Browser browser;
    final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        playwright = LocalPlaywright.create();
        browser = LocalPlaywright.launchChromium(playwright);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : open.reversed()) c.close();
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
    }

    ExplorerServer serve(List<Path> dumps) throws Exception {
        Explorer explorer = Explorer.open(dumps, AnalysisOptions.defaults(), Progress.NONE);
        open.add(explorer);
        ExplorerServer server = ExplorerServer.start(explorer, "127.0.0.1", 0, false);
        open.add(server);
        return server;
    }

    /**
     * A page that records script errors, console errors and warnings, Content-Security-Policy violations (read by
     * {@link #noProblems}) and dialogs (an injected alert() would open one).
     */
    Page page(List<String> problems) {
        Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1300, 900));
        LocalPlaywright.watchForProblems(page, problems);
        page.onDialog(d -> {
            problems.add("dialog: " + d.message());
            d.dismiss();
        });
        return page;
    }

    /** Nothing went wrong on the page: no script or console error, no dialog, and the server's CSP blocked nothing. */
    static void noProblems(Page page, List<String> problems) {
        assertThat(problems).as("script errors, console messages, dialogs").isEmpty();
        assertThat(LocalPlaywright.cspViolations(page)).as("CSP violations").isEmpty();
    }

    static void ready(Page page) {
        page.waitForSelector("body[data-ready=true]");
    }

    @Test
    void fromHistogramToClassToInstanceToReferrersToPath() throws Exception {
        Path dump = ForkedDump.of(KnownGraph.class).jvmArgs("-Xmx256m", "-XX:+UseG1GC").run(dir).file();
        ExplorerServer server = serve(List.of(dump));
        List<String> problems = new ArrayList<>();
        Page page = page(problems);

        page.navigate(server.uri() + "#/d/1/histogram");
        ready(page);
        page.fill("#filter", "KnownGraph\\$Leaf$");
        page.press("#filter", "Enter");
        page.waitForSelector("table.result a.cls:text-is('" + P + "Leaf')");
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("explorer-histogram.png")));
        page.click("table.result a.cls:text-is('" + P + "Leaf')");

        page.waitForSelector("#instance-count");
        assertThat(page.textContent("#instance-count")).startsWith("100,").contains("shallow 1.6 KB");
        page.click("table.result tbody tr:first-child a.obj");

        page.waitForSelector("#shallow");
        ready(page);
        assertThat(page.textContent("h1")).startsWith(P + "Leaf@0x");
        assertThat(page.textContent("#shallow")).isEqualTo("16 B");
        assertThat(page.textContent("table.fields tr[data-field=x] td:nth-child(3)")).matches("\\d+");
        // the leaf's only referrer is the Leaf[] of Triple.a
        assertThat(page.textContent("#referrers h2")).isEqualTo("Incoming references (1)");
        page.click("#referrers a.obj");

        page.waitForFunction("() => document.querySelector('h1') && document.querySelector('h1').textContent.startsWith('" + P + "Leaf[]@')");
        ready(page);
        assertThat(page.textContent("#shallow")).isEqualTo("416 B");
        assertThat(page.textContent("#retained")).isEqualTo("2.0 KB"); // 416 + 100 x 16 = 2,016 B
        String path = page.textContent("#path");
        assertThat(path).contains("GC root [").contains("static io.heapsight.testkit.scenarios.KnownGraph.ROOT_TRIPLE")
                .contains("└ " + P + "Triple.a → " + P + "Leaf[]@0x");
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("explorer-object.png")));

        // the path's Triple step is a link too: follow it, its dominated objects are the three hand-computed subtrees
        page.click("#path a.obj:text-matches('Triple@')");
        page.waitForFunction("() => document.querySelector('h1') && document.querySelector('h1').textContent.startsWith('" + P + "Triple@')");
        ready(page);
        assertThat(page.textContent("#dominated h2")).startsWith("Dominated objects (3)");
        assertThat(page.locator("#dominated tbody tr:first-child").textContent()).contains(P + "ChainNode").contains("23.4 KB");
        noProblems(page, problems);
    }

    @Test
    void compareNamesTheGrowingHolder() throws Exception {
        Path a = ForkedDump.of(GrowthBesideConstant.class).jvmArgs("-Xmx256m").args("2000", "1024", "500").run(dir.resolve("a")).file();
        Path b = ForkedDump.of(GrowthBesideConstant.class).jvmArgs("-Xmx256m").args("8000", "1024", "500").run(dir.resolve("b")).file();
        ExplorerServer server = serve(List.of(a, b));
        List<String> problems = new ArrayList<>();
        Page page = page(problems);
        page.navigate(server.uri() + "#/compare");
        page.waitForSelector("#verdict");
        ready(page);
        assertThat(page.textContent("#verdict")).isEqualTo("leak");
        assertThat(page.textContent("#holders tbody tr:first-child")).contains("io.heapsight.testkit.scenarios.GrowthBesideConstant.SESSIONS")
                .contains("growing");
        assertThat(page.locator("#holders tbody tr:first-child svg circle").count()).isEqualTo(2);
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("explorer-compare.png")));

        // the newest dump's overview: the report's suspects, their paths and objects as links
        page.navigate(server.uri() + "#/d/2");
        page.waitForSelector(".suspect");
        ready(page);
        String first = page.textContent(".suspect .headline");
        assertThat(first).startsWith("#1 io.heapsight.testkit.scenarios.GrowthBesideConstant.");
        assertThat(page.locator(".suspect:first-of-type .path li").first().textContent()).startsWith("GC root [");
        page.locator(".suspect:first-of-type .path a.obj").last().click();
        page.waitForSelector("#shallow");
        ready(page);
        assertThat(page.textContent("h1")).matches("java\\.util\\.(HashMap|ArrayList)@0x[0-9a-f]+");
        noProblems(page, problems);
    }

    @Test
    void markupInADumpIsShownAsText() throws Exception {
        // HPROF class names use / as the package separator, so a class name cannot carry "</script>": a string does
        String evilClass = "evil.<img src=x onerror=alert(1)><script>alert(5)";
        String evilString = "<img src=x onerror=alert(2)>\"onerror=alert(3) </script><!--";
        HprofWriter w = HprofWriter.create().withStandardClasses();
        long text = w.string(evilString);
        HprofWriter.ClassRef cls = w.declareClass(evilClass).instanceField("\"onerror=alert(4)", HprofWriter.Type.OBJECT)
                .staticField("<b>bold</b>", HprofWriter.Type.OBJECT, text).define();
        long obj = w.newInstance(cls).set("\"onerror=alert(4)", text).write();
        w.rootJniGlobal(obj, 0x77);
        w.rootStickyClass(cls.id());
        Path dump = dir.resolve("evil.hprof");
        w.write(dump);
        ExplorerServer server = serve(List.of(dump));
        List<String> problems = new ArrayList<>();
        Page page = page(problems);

        page.navigate(server.uri() + "#/d/1/histogram?filter=evil");
        page.waitForSelector("table.result a.cls");
        assertThat(page.textContent("table.result a.cls")).isEqualTo(evilClass);
        page.click("table.result a.cls");
        page.waitForSelector("#instance-count");
        ready(page);
        assertThat(page.textContent("h1")).isEqualTo("class " + evilClass);
        assertThat(page.textContent("table.fields")).contains("<b>bold</b>");
        page.click("table.result tbody tr:first-child a.obj");
        page.waitForSelector("#shallow");
        ready(page);
        assertThat(page.textContent("table.fields")).contains("\"onerror=alert(4)");
        page.click("table.fields a.obj");
        page.waitForSelector("#text-value");
        assertThat(page.textContent("#text-value")).isEqualTo(evilString);
        assertThat(page.locator("img").count()).isZero();
        assertThat(page.locator("script").count()).isEqualTo(1); // app.js only
        page.navigate(server.uri() + "#/d/1");
        ready(page);
        noProblems(page, problems);
    }
}

package io.heapsight.cli;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.heapsight.testkit.DumpedHeap;
import io.heapsight.testkit.ForkedDump;
import io.heapsight.testkit.browser.LocalPlaywright;
import io.heapsight.testkit.scenarios.LeakCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTML reports of analyze and diff in headless Chromium: a click on a header of any table (not only the
 * first, which once was the only one that worked) sorts that table by that column, a second click reverses it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SortableTablesBrowserTest {
    @TempDir
    static Path dir;
    private Path analyzeHtml;
    private Path diffHtml;
    private Playwright playwright;
    private Browser browser;

    @BeforeAll
    void reportsAndBrowser() throws Exception {
        DumpedHeap small = ForkedDump.of(LeakCache.class).jvmArgs("-Xmx128m").args("2000", "512", "0").run(dir.resolve("a"));
        DumpedHeap big = ForkedDump.of(LeakCache.class).jvmArgs("-Xmx128m").args("6000", "512", "0").run(dir.resolve("b"));
        analyzeHtml = dir.resolve("analyze.html");
        diffHtml = dir.resolve("diff.html");
        Cli.Result a = Cli.run("analyze", big.file().toString(), "--format", "html", "-o", analyzeHtml.toString(), "--no-index");
        assertThat(a.code()).as(a.err()).isEqualTo(ExitCodes.OK);
        Cli.Result d = Cli.run("diff", small.file().toString(), big.file().toString(), "--format", "html", "-o", diffHtml.toString());
        assertThat(d.code()).as(d.err()).isEqualTo(ExitCodes.OK);
        playwright = LocalPlaywright.create();
        browser = LocalPlaywright.launchChromium(playwright);
    }

    @AfterAll
    void close() {
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
    }

    @Test
    void everyTableOfTheAnalyzeReportSorts() {
        assertEveryTableAfterTheFirstSorts(analyzeHtml, 3);
    }

    @Test
    void everyTableOfTheDiffReportSorts() {
        assertEveryTableAfterTheFirstSorts(diffHtml, 2);
    }

    private void assertEveryTableAfterTheFirstSorts(Path html, int atLeastTables) {
        List<String> errors = new ArrayList<>();
        try (Page page = browser.newPage()) {
            LocalPlaywright.watchForProblems(page, errors);
            page.navigate(html.toUri().toString());
            int tables = page.locator("table.sortable").count();
            assertThat(tables).isGreaterThanOrEqualTo(atLeastTables);
            for (int t = 1; t < tables; t++) {
                assertThat(sortOneColumn(page, t)).as("table %d has a column whose sort changes its order", t + 1).isTrue();
            }
            // the page's CSP allows its inline scripts and styles by hash: the sorter above ran, and nothing was refused
            assertThat(LocalPlaywright.cspViolations(page)).as("CSP violations").isEmpty();
        }
        assertThat(errors).as("no script errors, console errors or warnings").isEmpty();
    }

    /** Clicks the first header of table t whose ascending order differs from the shown one; checks both directions. */
    private static boolean sortOneColumn(Page page, int t) {
        int columns = page.locator("table.sortable").nth(t).locator("thead th").count();
        for (int c = 0; c < columns; c++) {
            List<Comparable<Object>> shown = keys(page, t, c);
            List<Comparable<Object>> ascending = new ArrayList<>(shown);
            ascending.sort(Comparator.naturalOrder());
            if (ascending.equals(shown)) continue;
            page.locator("table.sortable").nth(t).locator("thead th").nth(c).click();
            assertThat(keys(page, t, c)).as("table %d column %d ascending", t + 1, c + 1).isEqualTo(ascending);
            page.locator("table.sortable").nth(t).locator("thead th").nth(c).click();
            List<Comparable<Object>> descending = new ArrayList<>(ascending);
            descending.sort(Comparator.reverseOrder());
            assertThat(keys(page, t, c)).as("table %d column %d descending", t + 1, c + 1).isEqualTo(descending);
            return true;
        }
        return false;
    }

    /** The sort keys of one column as shown: the number in data-v where there is one, else the lower-case text. */
    @SuppressWarnings("unchecked")
    private static List<Comparable<Object>> keys(Page page, int table, int column) {
        List<Map<String, Object>> cells = (List<Map<String, Object>>) page.evaluate("([t, c]) => [...document.querySelectorAll("
                + "'table.sortable')[t].tBodies[0].rows].map(r => ({v: r.cells[c].dataset.v ?? null, text: r.cells[c].textContent}))",
                List.of(table, column));
        List<Comparable<Object>> keys = new ArrayList<>();
        for (Map<String, Object> cell : cells) {
            Object v = cell.get("v");
            Comparable<?> key = v != null ? (Comparable<?>) Double.valueOf(v.toString())
                    : cell.get("text").toString().strip().toLowerCase(java.util.Locale.ROOT);
            keys.add((Comparable<Object>) key);
        }
        return keys;
    }
}

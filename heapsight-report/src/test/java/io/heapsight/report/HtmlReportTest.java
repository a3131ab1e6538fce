package io.heapsight.report;

import io.heapsight.hprof.WalkResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlReportTest {

    @Test
    void oneSelfContainedPageWithSortableTables() {
        String html = HtmlReport.render(SmallReports.analysis(WalkResult.Status.COMPLETE, true), 20);

        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        assertThat(html).contains("<h1>heapsight report</h1>");
        assertThat(html).contains("com.example.Cache.ENTRIES").contains("30.0 MB");
        assertThat(html).contains("<table class=sortable>");
        assertThat(html).doesNotContain("<script src=").doesNotContain("<link rel=\"stylesheet\" href=");
        assertThat(html).doesNotContain("class=warn");
    }

    @Test
    void textFromTheDumpIsEscaped() {
        String html = HtmlReport.render(SmallReports.analysis(WalkResult.Status.COMPLETE, true), 20);

        assertThat(html).contains("&lt;b&gt;hello&lt;/b&gt;").doesNotContain("<b>hello</b>");
    }

    @Test
    void aTruncatedDumpIsWarnedAbout() {
        String html = HtmlReport.render(SmallReports.analysis(WalkResult.Status.TRUNCATED, false), 20);

        assertThat(html).contains("<p class=warn>Dump is truncated: read 41,943,040 of 67,108,864 bytes");
    }
}

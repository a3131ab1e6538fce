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

    /**
     * The analysis page allows exactly its own inline scripts and style sheets: each one's SHA-256 (computed here, not
     * by the code under test) is in its Content-Security-Policy, and nothing is inline in an attribute.
     */
    @Test
    void aContentSecurityPolicyAllowsExactlyThePagesOwnScriptsAndStyles() throws Exception {
        String html = HtmlReport.render(SmallReports.analysis(WalkResult.Status.COMPLETE, true), 20);

        java.util.regex.Matcher csp = java.util.regex.Pattern
                .compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">").matcher(html);
        assertThat(csp.find()).as("a CSP meta").isTrue();
        String policy = csp.group(1);
        assertThat(policy).startsWith("default-src 'none';").doesNotContain("unsafe-inline", "unsafe-eval", "http");
        java.util.regex.Matcher blocks = java.util.regex.Pattern.compile("<(script|style)>(.*?)</\\1>", java.util.regex.Pattern.DOTALL).matcher(html);
        int scripts = 0, styles = 0;
        while (blocks.find()) {
            String hash = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(blocks.group(2).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            String directive = blocks.group(1).equals("script") ? "script-src" : "style-src";
            assertThat(policy.substring(policy.indexOf(directive)).split(";")[0]).as("%s block hashed", blocks.group(1))
                    .contains("'sha256-" + hash + "'");
            if (blocks.group(1).equals("script")) scripts++;
            else styles++;
        }
        assertThat(scripts).as("the table sorter").isEqualTo(1);
        assertThat(styles).isEqualTo(1);
        assertThat(html).doesNotContainPattern("\\sstyle=").doesNotContainPattern("\\son[a-z]+=");
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

package io.heapsight.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heapsight.analysis.AnalysisOptions;
import io.heapsight.analysis.AnalysisReport;
import io.heapsight.analysis.HeapAnalysis;
import io.heapsight.analysis.diff.DiffOptions;
import io.heapsight.analysis.diff.DiffReport;
import io.heapsight.analysis.diff.HeapDiff;
import io.heapsight.charts.HtmlJson;
import io.heapsight.heap.Progress;
import io.heapsight.hprof.HprofWriter;
import io.heapsight.hprof.HprofWriter.Type;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, "injection": names and strings in a dump carrying terminal escapes (OSC 52 clipboard, OSC 0 title,
 * CSI 2J, bare CR/LF) and HTML/script breakers, fed through real dumps into every presenter.
 */
class InjectionTest {
    static final String HOLDER = "com.example.Cache\u001b]52;c;ZWNobyBvd25lZA==\u0007";
    static final String ITEM = "com.example.Item\u001b[2J\rFAKE LINE\nanother";
    static final String FIELD = "items\u001b]0;title\u0007";
    static final String TEXT = "\u001b]0;owned\u0007<!--<script>alert(1)</script>\u2028\u2029&amp;";

    @TempDir
    static Path dir;
    static List<Path> dumps = new ArrayList<>();

    /** Three dumps in which one holder (with a hostile name) keeps more and more items with hostile names and text. */
    @BeforeAll
    static void writeDumps() throws Exception {
        int[] items = {200, 3000, 6000};
        for (int d = 0; d < items.length; d++) {
            HprofWriter w = HprofWriter.create().idSize(8).withStandardClasses();
            HprofWriter.ClassRef holder = w.declareClass(HOLDER).instanceField(FIELD, Type.OBJECT).define();
            HprofWriter.ClassRef item = w.declareClass(ITEM).instanceField("text", Type.OBJECT).instanceField("pad", Type.OBJECT).define();
            long[] elements = new long[items[d]];
            for (int i = 0; i < elements.length; i++) {
                elements[i] = w.newInstance(item).set("text", w.string(TEXT)).set("pad", w.primitiveArray(new byte[200])).write();
            }
            long array = w.objectArray(w.classNamed("java.lang.Object[]"), elements);
            long h = w.newInstance(holder).set(FIELD, array).write();
            w.rootJniGlobal(h, 1);
            w.rootStickyClass(holder.id());
            w.thread("worker\u001b[31m\r\nFAKE").javaFrameRoot(h, 0).start();
            Path f = dir.resolve("d" + d + ".hprof");
            w.write(f);
            dumps.add(f);
        }
    }

    static AnalysisReport analyze() throws Exception {
        return HeapAnalysis.analyze(dumps.get(2), AnalysisOptions.defaults(), Progress.NONE);
    }

    static DiffReport diff() throws Exception {
        return HeapDiff.compare(dumps, DiffOptions.defaults(), Progress.NONE);
    }

    @Test
    void theTextReportShowsHostileNamesEscapedAndNothingRaw() throws Exception {
        String text = TextReport.render(analyze(), 20);
        assertNoTerminalControls(text);
        assertThat(text).contains("com.example.Cache\\x1b]52;c;ZWNobyBvd25lZA==\\x07");
        assertThat(text).contains("com.example.Item\\x1b[2J\\rFAKE LINE\\nanother");
        assertThat(text.lines()).noneMatch(l -> l.startsWith("FAKE") || l.startsWith("another"));
    }

    @Test
    void theDiffTextReportShowsHostileNamesEscapedAndNothingRaw() throws Exception {
        DiffReport r = diff();
        assertThat(r.verdict()).isEqualTo(io.heapsight.common.LeakVerdict.LEAK);
        String text = DiffTextReport.render(r, 20);
        assertNoTerminalControls(text);
        assertThat(text).contains("com.example.Item\\x1b[2J\\rFAKE LINE\\nanother");
        assertThat(text.lines()).noneMatch(l -> l.startsWith("FAKE") || l.startsWith("another"));
    }

    @Test
    void embeddedJsonCannotEndOrSwallowItsScriptElement() throws Exception {
        String analysisPage = HtmlReport.render(analyze(), 20);
        for (String html : List.of(analysisPage, DiffHtmlReport.render(diff(), 20))) {
            Matcher m = Pattern.compile("<script type=\"application/json\" id=\"heapsight-report\">(.*?)</script>", Pattern.DOTALL)
                    .matcher(html);
            assertThat(m.find()).isTrue();
            String embedded = m.group(1);
            assertThat(embedded).doesNotContain("<", ">", "&", "\u2028", "\u2029");
            // what JSON.parse sees: the data exactly as in the dump
            JsonNode json = new ObjectMapper().readTree(embedded);
            assertThat(json.toString()).contains("Item\\u001B[2J\\rFAKE LINE\\nanother");
            if (html == analysisPage) assertThat(json.toString()).contains("<!--<script>alert(1)</script>"); // duplicate strings
            // the page holds only the script elements it opened: nothing from the data started or ended one
            assertThat(count(html, "<script")).isEqualTo(count(html, "</script>"));
        }
    }

    @Test
    void theJsonReportEscapesControlsAsJsonDoes() throws Exception {
        String json = JsonReport.render(analyze());
        assertNoTerminalControls(json);
        assertThat(new ObjectMapper().readTree(json).toString()).contains("Cache\\u001B]52;c;");
    }

    @Test
    void escapeMakesEveryControlVisible() {
        assertThat(TerminalText.escape("a\u001b[2Jb\rc\nd\te\u0007f\u009bg\u2028h\u202ei")).isEqualTo(
                "a\\x1b[2Jb\\rc\\nd\\te\\x07f\\x9bg\\u2028h\\u202ei");
        assertThat(TerminalText.escape("java.util.HashMap$Node[]")).isEqualTo("java.util.HashMap$Node[]");
        assertThat(TerminalText.escapeControls("line1\nline2\u001b]0;x\u0007\n")).isEqualTo("line1\nline2\\x1b]0;x\\x07\n");
        assertThat(TerminalText.escape(null)).isNull();
    }

    @Test
    void embedKeepsJsonMeaningAndHidesMarkup() throws Exception {
        String json = "{\"s\":\"</script><!--<script>\\u2028 & \u2028\u2029\"}";
        String embedded = HtmlJson.embed(json);
        assertThat(embedded).doesNotContain("<", ">", "&", "\u2028", "\u2029");
        ObjectMapper m = new ObjectMapper();
        assertThat(m.readTree(embedded)).isEqualTo(m.readTree(json));
    }

    private static void assertNoTerminalControls(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = (c < 0x20 && c != '\n') || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';
            assertThat(control).as("control character U+%04X at %d in:%n%s", (int) c, i, text).isFalse();
        }
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }
}

package io.heapsight.report;

import io.heapsight.analysis.AnalysisReport;
import io.heapsight.charts.Charts;
import io.heapsight.charts.HtmlJson;
import io.heapsight.common.ByteSize;
import io.heapsight.analysis.PathStep;
import io.heapsight.report.result.ResultHtml;

import java.util.List;
import java.util.Locale;

/**
 * One self-contained HTML file (inline CSS and script, no network) that can be attached to a ticket.
 * Tables sort by clicking a header; the full JSON report is embedded for tools.
 */
public final class HtmlReport {
    private HtmlReport() {}

    /** As {@link #render(AnalysisReport)}: {@code top} is an analysis option now (each section holds that many rows). */
    public static String render(AnalysisReport r, int top) {
        return render(r);
    }

    /** The dump's facts and summary cards, then every section as {@link ResultHtml} renders it, then the JSON report. */
    public static String render(AnalysisReport r) {
        StringBuilder h = new StringBuilder(64 * 1024);
        head(h, "heapsight — " + r.dump().file());
        var d = r.dump();
        var s = r.summary();
        h.append("<h1>heapsight report</h1>\n<p class=meta>").append(esc(d.file())).append(" · ").append(esc(d.format()))
                .append(" · ").append(esc(d.layout())).append(" · ").append(esc(ByteSize.format(d.sizeBytes()))).append("</p>\n");
        if (!d.complete()) {
            h.append("<p class=warn>Dump is ").append(esc(d.status().token())).append(": read ").append(String.format(Locale.ROOT, "%,d of %,d bytes", d.bytesRead(), d.sizeBytes()))
                    .append(d.problem() == null ? "" : " — " + esc(d.problem())).append(". Results cover what was read.</p>\n");
        } else if (d.problem() != null) {
            h.append("<p class=warn>Note: ").append(esc(d.problem())).append(".</p>\n");
        }
        h.append("<div class=cards>");
        card(h, "objects", String.format(Locale.ROOT, "%,d", s.objects()));
        card(h, "heap", ByteSize.format(s.heapBytes()));
        card(h, "reachable", ByteSize.format(s.reachableBytes()));
        card(h, "classes", String.format(Locale.ROOT, "%,d", s.classes()));
        card(h, "GC roots", String.format(Locale.ROOT, "%,d", s.gcRoots()));
        h.append("</div>\n");
        for (AnalysisReport.Section section : r.sections()) ResultHtml.write(h, section.result(), 2);
        h.append("<script type=\"application/json\" id=\"heapsight-report\">").append(HtmlJson.embed(JsonReport.render(r))).append("</script>\n");
        tail(h);
        return h.toString();
    }

    /** A path of the diff report's suspects (which outlive their dump, so carry no ids): same form as {@link ResultHtml#path}. */
    static void path(StringBuilder h, List<PathStep> path) {
        if (path.isEmpty()) {
            h.append(ResultHtml.NO_PATH);
            return;
        }
        h.append("<ol class=path>");
        for (PathStep st : path) ResultHtml.pathItem(h, st.via(), st.isRoot(), esc(st.object()));
        h.append("</ol>");
    }

    /** The page's style sheet (an inline {@code <style>}: its exact text is hashed into the chart pages' CSP). */
    static final String STYLE = "\n"
            + "body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#1d232a}"
            + "h1{margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid #ddd}.meta{color:#666}"
            + ".warn{background:#fff4e0;border-left:4px solid #e8a33a;padding:.5em 1em}"
            + ".cards{display:flex;gap:1em;flex-wrap:wrap}.card{background:#f4f6f8;border-radius:6px;padding:.6em 1em}.card b{display:block;font-size:1.3em}"
            + "table{border-collapse:collapse;width:100%}th,td{padding:.25em .6em;border-bottom:1px solid #eee;text-align:left;vertical-align:top}"
            + "th{cursor:pointer;background:#fafafa;position:sticky;top:0}.n{text-align:right;font-variant-numeric:tabular-nums}"
            + ".suspect{border:1px solid #e3e3e3;border-left:4px solid #c0392b;border-radius:4px;padding:.2em 1em;margin:1em 0}"
            + "ol.path{margin:.3em 0;padding-left:1.4em}ol.path li{font-family:ui-monospace,monospace;font-size:12.5px}.root{color:#8e44ad}"
            + "code{background:#f4f4f4;padding:0 .2em;border-radius:3px}"
            + "a.obj,a.cls{color:inherit;text-decoration:none;font-family:ui-monospace,monospace;font-size:12.5px}a[href].obj,a[href].cls{color:#1a5fb4;text-decoration:underline}"
            + "td{overflow-wrap:anywhere}td.n,th.n{white-space:nowrap;overflow-wrap:normal}section.sections>section.sections{border-left:3px solid #e3e3e3;padding-left:1em;margin:1em 0}"
            + ".summary{margin:.3em 0}dl.facts{display:grid;grid-template-columns:max-content auto;gap:.1em 1em}dl.facts dt{color:#666}"
            + "table.tree th{cursor:default}tr.more td{color:#666}caption{text-align:left;font-weight:600;padding:.4em 0}"
            + ResultHtml.indentRules() + "\n";

    // each header sorts its own table by its own column (cellIndex): an index counted across the page broke every
    // table but the first; numbers sort by data-v, text case-insensitively, a second click reverses
    static final String SORT_SCRIPT = "\n"
            + "document.querySelectorAll('table.sortable').forEach(t=>t.tHead.querySelectorAll('th').forEach(th=>"
            + "th.addEventListener('click',()=>{const i=th.cellIndex,tb=t.tBodies[0],rows=[...tb.rows];"
            + "const asc=th.dataset.asc!=='1';th.dataset.asc=asc?'1':'0';"
            + "const key=r=>{const c=r.cells[i];return !c?'':c.dataset.v!==undefined?+c.dataset.v:c.textContent.trim().toLowerCase();};"
            + "rows.sort((a,b)=>{const x=key(a),y=key(b);return (x>y?1:x<y?-1:0)*(asc?1:-1);});"
            + "rows.forEach(r=>tb.appendChild(r));})));\n";

    static void head(StringBuilder h, String title) {
        head(h, title, null);
    }

    /**
     * Every report page carries a Content-Security-Policy that allows exactly its inline scripts (the table sorter;
     * with charts also uPlot and the chart script) and style sheets, and nothing from anywhere: a name in the dump that
     * slipped past the escaping still could not run. With {@code chartStyle} (the page's own style, may be empty): a
     * page with charts.
     */
    static void head(StringBuilder h, String title, String chartStyle) {
        h.append("<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>");
        List<String> scripts = new java.util.ArrayList<>();
        List<String> styles = new java.util.ArrayList<>(List.of(STYLE));
        if (chartStyle != null) {
            scripts.addAll(Charts.scripts());
            styles.add(Charts.style());
            styles.add(chartStyle);
        }
        scripts.add(SORT_SCRIPT);
        h.append(Charts.cspMeta(scripts, styles));
        h.append("<meta name=viewport content=\"width=device-width,initial-scale=1\">\n<title>")
                .append(esc(title)).append("</title>\n<style>").append(STYLE).append("</style>");
        if (chartStyle != null) h.append("<style>").append(Charts.style()).append("</style><style>").append(chartStyle).append("</style>");
        h.append("</head><body>\n");
    }

    static void tail(StringBuilder h) {
        h.append("<script>").append(SORT_SCRIPT).append("</script>\n</body></html>\n");
    }

    /** The charts' data and scripts, then the table sorter. */
    static void tail(StringBuilder h, String chartData) {
        Charts.appendScripts(h, chartData);
        tail(h);
    }

    static void card(StringBuilder h, String label, String value) {
        h.append("<div class=card><b>").append(esc(value)).append("</b>").append(esc(label)).append("</div>");
    }

    static String num(long sortValue, String shown) {
        return "<td class=n data-v=\"" + sortValue + "\">" + esc(shown) + "</td>";
    }

    public static String esc(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}

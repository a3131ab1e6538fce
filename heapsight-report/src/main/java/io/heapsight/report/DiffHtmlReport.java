package io.heapsight.report;

import io.heapsight.analysis.diff.ClassDiff;
import io.heapsight.analysis.diff.DiffReport;
import io.heapsight.analysis.diff.HolderDiff;
import io.heapsight.analysis.diff.HolderVerdict;
import io.heapsight.analysis.diff.SeriesPoint;
import io.heapsight.common.ByteSize;
import io.heapsight.common.LeakVerdict;

import static io.heapsight.report.HtmlReport.esc;

/**
 * The diff as one self-contained HTML file (inline CSS, script and SVG; no network): verdict, holders with a small
 * chart of their size per dump and their path, class deltas; the JSON report is embedded for tools.
 */
public final class DiffHtmlReport {
    private DiffHtmlReport() {}

    public static String render(DiffReport r, int top) {
        return render(r, top, "", DiffJsonReport.render(r, top));
    }

    /** The diff with a section of the caller's (already escaped HTML) after the dump list, embedding the given JSON. */
    public static String render(DiffReport r, int top, String section, String json) {
        StringBuilder h = new StringBuilder(64 * 1024);
        HtmlReport.head(h, "heapsight diff — " + r.dumps().size() + " dumps");
        h.append("<style>.verdict-leak{background:#fdecea;border-left:4px solid #c0392b;padding:.6em 1em}")
                .append(".verdict-ok{background:#eaf7ee;border-left:4px solid #27ae60;padding:.6em 1em}")
                .append(".v-growing{color:#c0392b;font-weight:bold}.v-plateaued{color:#b9770e}.v-shrinking{color:#1f618d}")
                .append("svg.spark{vertical-align:middle}td.n,td.series{white-space:nowrap}table.holders td{overflow-wrap:anywhere}table.holders td[class^=v-]{white-space:nowrap;overflow-wrap:normal}</style>\n");
        h.append("<h1>heapsight diff</h1>\n<ol class=meta>");
        for (var d : r.dumps()) {
            h.append("<li>").append(esc(d.info().file())).append(" · ").append(String.format("%,d objects", d.objects())).append(" · ")
                    .append(esc(ByteSize.format(d.reachableBytes()))).append(" reachable");
            if (d.nativeBytes() > 0) h.append(" · ").append(esc(ByteSize.format(d.nativeBytes()))).append(" native");
            if (!d.info().complete()) h.append(" · <b>").append(esc(d.info().status().token())).append("</b>");
            h.append("</li>");
        }
        h.append("</ol>\n").append(section);
        for (String note : r.notes()) h.append("<p class=warn>").append(esc(note)).append("</p>\n");
        int growing = r.growing().size();
        if (r.verdict() == LeakVerdict.LEAK) {
            h.append("<p class=verdict-leak><b>Leak:</b> ").append(growing).append(growing == 1 ? " holder grows" : " holders grow")
                    .append(" beyond noise (").append(esc(ByteSize.format(r.noiseBytes()))).append(").</p>\n");
        } else {
            h.append("<p class=verdict-ok><b>No leak found:</b> nothing grows beyond noise (").append(esc(ByteSize.format(r.noiseBytes())))
                    .append(") across the dumps.</p>\n");
        }

        h.append("<h2>Holders</h2>\n<table class=\"sortable holders\"><thead><tr><th>#</th><th>verdict</th><th>holder</th><th>elements</th>")
                .append("<th class=n>growth</th><th class=n>count Δ</th><th>per dump (last)</th></tr></thead><tbody>\n");
        var shown = DiffJsonReport.shown(r, top);
        for (HolderDiff x : shown) {
            h.append("<tr><td>").append(x.rank()).append("</td><td class=v-").append(x.verdict().label()).append('>')
                    .append(x.verdict().label()).append("</td><td><code>").append(esc(x.suspect().holder())).append("</code></td><td>")
                    .append(esc(x.suspect().accumulatedClass())).append("</td>")
                    .append(HtmlReport.num(x.growthBytes(), ByteSize.signed(x.growthBytes())))
                    .append(HtmlReport.num(x.growthCount(), String.format("%+,d", x.growthCount())))
                    .append("<td class=series title=\"").append(esc(sizes(x))).append("\">").append(spark(x)).append(' ')
                    .append(esc(ByteSize.format(x.series().get(x.series().size() - 1).totalBytes()))).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
        for (HolderDiff x : shown) {
            if (x.verdict() != HolderVerdict.GROWING) continue;
            h.append("<div class=suspect><h3>#").append(x.rank()).append(" <code>").append(esc(x.suspect().holder())).append("</code> — +")
                    .append(esc(ByteSize.format(x.growthBytes()))).append("</h3>\n<p>").append(esc(x.description())).append("</p>\n")
                    .append("<p class=meta>holder path: <code>").append(esc(x.suspect().holderPath())).append("</code></p>\n")
                    .append("<details open><summary>path from GC root (latest dump)</summary>");
            HtmlReport.path(h, x.suspect().path());
            h.append("</details></div>\n");
        }

        h.append("<h2>Classes</h2>\n<p class=meta>Reachable objects, last dump minus first; ").append(r.classes().size())
                .append(" classes compared.</p>\n<table class=sortable><thead><tr><th>class</th><th class=n>count Δ</th>")
                .append("<th class=n>shallow Δ</th><th class=n>retained Δ</th></tr></thead><tbody>\n");
        for (ClassDiff c : r.classes().subList(0, Math.min(Math.max(top, 50), r.classes().size()))) {
            h.append("<tr><td>").append(esc(c.className())).append("</td>")
                    .append(HtmlReport.num(c.countDelta(), String.format("%+,d", c.countDelta())))
                    .append(HtmlReport.num(c.shallowDelta(), ByteSize.signed(c.shallowDelta())))
                    .append(HtmlReport.num(c.retainedDelta(), ByteSize.signed(c.retainedDelta()))).append("</tr>\n");
        }
        h.append("</tbody></table>\n");
        h.append("<script type=\"application/json\" id=\"heapsight-report\">")
                .append(HtmlJson.embed(json)).append("</script>\n");
        HtmlReport.tail(h);
        return h.toString();
    }

    private static String sizes(HolderDiff x) {
        StringBuilder b = new StringBuilder();
        for (SeriesPoint p : x.series()) {
            if (!b.isEmpty()) b.append(" → ");
            b.append(p.present() ? ByteSize.format(p.totalBytes()) : "-");
        }
        return b.toString();
    }

    /** A tiny bar chart of heap + native bytes per dump. */
    private static String spark(HolderDiff x) {
        long max = 1;
        for (SeriesPoint p : x.series()) max = Math.max(max, p.totalBytes());
        int n = x.series().size(), w = 8, gap = 2, height = 20;
        StringBuilder s = new StringBuilder("<svg class=spark width=\"" + (n * (w + gap)) + "\" height=\"" + height + "\" role=img>");
        for (int i = 0; i < n; i++) {
            int bh = (int) Math.max(1, Math.round((double) x.series().get(i).totalBytes() / max * height));
            s.append("<rect x=\"").append(i * (w + gap)).append("\" y=\"").append(height - bh).append("\" width=\"").append(w)
                    .append("\" height=\"").append(bh).append("\" fill=\"")
                    .append(x.verdict() == HolderVerdict.GROWING ? "#c0392b" : "#7f8c8d").append("\"/>");
        }
        return s.append("</svg>").toString();
    }
}

package io.heapsight.report;

import io.heapsight.analysis.diff.ClassDiff;
import io.heapsight.analysis.diff.DiffReport;
import io.heapsight.analysis.diff.GrowthRate;
import io.heapsight.analysis.diff.HolderDiff;
import io.heapsight.analysis.diff.HolderVerdict;
import io.heapsight.analysis.diff.SeriesPoint;
import io.heapsight.charts.Chart;
import io.heapsight.charts.Charts;
import io.heapsight.charts.HtmlJson;
import io.heapsight.common.ByteSize;
import io.heapsight.common.LeakVerdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.heapsight.report.HtmlReport.esc;

/**
 * The diff as one self-contained HTML file (inline CSS and scripts, a CSP that allows only those; no network): verdict,
 * holders with their growth per hour, a chart of each growing holder's size per dump (time or dump number on x, bytes
 * on y) and its path, the classes that grew most; the JSON report is embedded for tools.
 */
public final class DiffHtmlReport {
    private DiffHtmlReport() {}

    public static String render(DiffReport r, int top) {
        return render(r, top, "", DiffJsonReport.render(r, top), GrowthAxis.of(r), List.of());
    }

    private static final String STYLE = ".verdict-leak{background:#fdecea;border-left:4px solid #c0392b;padding:.6em 1em}"
            + ".verdict-ok{background:#eaf7ee;border-left:4px solid #27ae60;padding:.6em 1em}"
            + ".v-growing{color:#c0392b;font-weight:bold}.v-plateaued{color:#b9770e}.v-shrinking{color:#1f618d}"
            + "td.n,td.series{white-space:nowrap}table.holders td{overflow-wrap:anywhere}table.holders td[class^=v-]{white-space:nowrap;overflow-wrap:normal}";

    /**
     * The diff with a section of the caller's (already escaped HTML) after the dump list, embedding the given JSON;
     * {@code axis} places the dumps on the growth charts' x axis and gives the rates, {@code charts} are the section's.
     */
    static String render(DiffReport r, int top, String section, String json, GrowthAxis axis, List<Chart> sectionCharts) {
        StringBuilder h = new StringBuilder(64 * 1024);
        List<Chart> charts = new ArrayList<>(sectionCharts);
        HtmlReport.head(h, "heapsight diff — " + r.dumps().size() + " dumps", STYLE);
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
                .append("<th class=n>growth</th><th class=n>per hour</th><th class=n>count Δ</th><th>per dump</th></tr></thead><tbody>\n");
        var shown = DiffJsonReport.shown(r, top);
        for (HolderDiff x : shown) {
            h.append("<tr><td>").append(x.rank()).append("</td><td class=v-").append(x.verdict().label()).append('>')
                    .append(x.verdict().label()).append("</td><td><code>").append(esc(x.suspect().holder())).append("</code></td><td>")
                    .append(esc(x.suspect().accumulatedClass())).append("</td>")
                    .append(HtmlReport.num(x.growthBytes(), ByteSize.signed(x.growthBytes())));
            double perHour = axis.rate(x.growthBytes()).perHour();
            h.append(Double.isNaN(perHour) ? "<td class=n data-v=\"0\">-</td>" : HtmlReport.num(Math.round(perHour), signed(perHour)))
                    .append(HtmlReport.num(x.growthCount(), String.format("%+,d", x.growthCount())))
                    .append("<td class=series>").append(esc(sizes(x))).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
        for (HolderDiff x : shown) {
            if (x.verdict() != HolderVerdict.GROWING) continue;
            h.append("<div class=suspect><h3>#").append(x.rank()).append(" <code>").append(esc(x.suspect().holder())).append("</code> — +")
                    .append(esc(ByteSize.format(x.growthBytes()))).append("</h3>\n<p>").append(esc(x.description())).append("</p>\n");
            Chart chart = holderChart(x, axis);
            charts.add(chart);
            h.append(Charts.figure(chart.id(), "Retained + native bytes of <code>" + esc(x.suspect().holder()) + "</code> per dump: "
                    + esc(rateText(axis.rate(x.growthBytes())))))
                    .append("<p class=meta>holder path: <code>").append(esc(x.suspect().holderPath())).append("</code></p>\n")
                    .append("<details open><summary>path from GC root (latest dump)</summary>");
            HtmlReport.path(h, x.suspect().path());
            h.append("</details></div>\n");
        }

        h.append("<h2>Classes</h2>\n");
        Chart classes = classChart(r, axis);
        if (classes != null) {
            charts.add(classes);
            h.append(Charts.figure(classes.id(), "Classes that grew most: shallow bytes of their reachable instances per dump"));
        }
        // shallow growth per hour when the dumps carry increasing times (the holders' column does the same)
        boolean timed = axis.timed();
        h.append("<p class=meta>Reachable objects, last dump minus first; ").append(r.classes().size())
                .append(" classes compared.</p>\n<table class=sortable><thead><tr><th>class</th><th class=n>count Δ</th>")
                .append("<th class=n>shallow Δ</th>").append(timed ? "<th class=n>shallow per hour</th>" : "")
                .append("<th class=n>retained Δ</th></tr></thead><tbody>\n");
        for (ClassDiff c : r.classes().subList(0, Math.min(Math.max(top, 50), r.classes().size()))) {
            h.append("<tr><td>").append(esc(c.className())).append("</td>")
                    .append(HtmlReport.num(c.countDelta(), String.format("%+,d", c.countDelta())))
                    .append(HtmlReport.num(c.shallowDelta(), ByteSize.signed(c.shallowDelta())));
            if (timed) {
                double perHour = axis.rate(c.shallowDelta()).perHour();
                h.append(HtmlReport.num(Math.round(perHour), signed(perHour)));
            }
            h.append(HtmlReport.num(c.retainedDelta(), ByteSize.signed(c.retainedDelta()))).append("</tr>\n");
        }
        h.append("</tbody></table>\n");
        h.append("<script type=\"application/json\" id=\"heapsight-report\">")
                .append(HtmlJson.embed(json)).append("</script>\n");
        HtmlReport.tail(h, Charts.data(Map.of(), charts));
        return h.toString();
    }

    /** "+12.0 MB per hour, +10.2 KB per request", or what is missing to tell. */
    static String rateText(GrowthRate g) {
        String rates = InvestigationReport.rates(g);
        return (g.bytes() > 0 ? "+" : "") + ByteSize.format(g.bytes()) + " from the first dump to the last"
                + (rates.isEmpty() ? " (no rate per hour: the dumps carry no times)" : ", " + rates);
    }

    private static Chart holderChart(HolderDiff x, GrowthAxis axis) {
        Chart c = new Chart("holder-" + x.rank(), axis.kind(), axis.label(), "retained + native").fromZero();
        int s = c.series("retained + native", Chart.Style.LINE_POINTS, "#c0392b");
        for (int i = 0; i < x.series().size() && i < axis.xs().length; i++) c.put(s, axis.xs()[i], x.series().get(i).totalBytes());
        return c;
    }

    /** Up to five classes whose shallow bytes grew most, one series each, labelled with their rates; null when none grew. */
    private static Chart classChart(DiffReport r, GrowthAxis axis) {
        List<ClassDiff> grew = r.classes().stream().filter(c -> c.shallowDelta() > 0).limit(5).toList();
        if (grew.isEmpty()) return null;
        String[] colors = {"#c0392b", "#2980b9", "#27ae60", "#8e44ad", "#d35400"};
        Chart c = new Chart("classes", axis.kind(), axis.label(), "shallow bytes").fromZero();
        for (int k = 0; k < grew.size(); k++) {
            ClassDiff d = grew.get(k);
            String rates = InvestigationReport.rates(axis.rate(d.shallowDelta()));
            int s = c.series(d.className() + (rates.isEmpty() ? "" : " (" + rates + ")"), Chart.Style.LINE_POINTS, colors[k]);
            for (int i = 0; i < d.series().size() && i < axis.xs().length; i++) c.put(s, axis.xs()[i], d.series().get(i).shallowBytes());
        }
        return c;
    }

    private static String signed(double bytes) {
        return (bytes < 0 ? "-" : "+") + ByteSize.format(Math.round(Math.abs(bytes)));
    }

    private static String sizes(HolderDiff x) {
        StringBuilder b = new StringBuilder();
        for (SeriesPoint p : x.series()) {
            if (!b.isEmpty()) b.append(" → ");
            b.append(p.present() ? ByteSize.format(p.totalBytes()) : "-");
        }
        return b.toString();
    }
}

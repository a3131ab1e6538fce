package io.heapsight.report;

import io.heapsight.analysis.AnalysisReport;
import io.heapsight.analysis.PathStep;
import io.heapsight.analysis.Suspect;
import io.heapsight.common.ByteSize;

import java.util.List;

/**
 * One self-contained HTML file (inline CSS and script, no network) that can be attached to a ticket.
 * Tables sort by clicking a header; the full JSON report is embedded for tools.
 */
public final class HtmlReport {
    private HtmlReport() {}

    public static String render(AnalysisReport r, int top) {
        StringBuilder h = new StringBuilder(64 * 1024);
        head(h, "heapsight — " + r.dump().file());
        var d = r.dump();
        var s = r.summary();
        h.append("<h1>heapsight report</h1>\n<p class=meta>").append(esc(d.file())).append(" · ").append(esc(d.format()))
                .append(" · ").append(esc(d.layout())).append(" · ").append(esc(ByteSize.format(d.sizeBytes()))).append("</p>\n");
        if (!d.complete()) {
            h.append("<p class=warn>Dump is ").append(esc(d.status().token())).append(": read ").append(String.format("%,d of %,d bytes", d.bytesRead(), d.sizeBytes()))
                    .append(d.problem() == null ? "" : " — " + esc(d.problem())).append(". Results cover what was read.</p>\n");
        } else if (d.problem() != null) {
            h.append("<p class=warn>Note: ").append(esc(d.problem())).append(".</p>\n");
        }
        h.append("<div class=cards>");
        card(h, "objects", String.format("%,d", s.objects()));
        card(h, "heap", ByteSize.format(s.heapBytes()));
        card(h, "reachable", ByteSize.format(s.reachableBytes()));
        card(h, "classes", String.format("%,d", s.classes()));
        card(h, "GC roots", String.format("%,d", s.gcRoots()));
        h.append("</div>\n");
        suspects(h, r.suspects());
        h.append("<h2>Class histogram</h2>\n<table class=sortable><thead><tr><th>class</th><th class=n>count</th><th class=n>shallow</th><th class=n>retained</th></tr></thead><tbody>\n");
        var rows = r.histogram();
        for (int i = 0; i < Math.min(Math.max(top, 100), rows.size()); i++) {
            var row = rows.get(i);
            h.append("<tr><td>").append(esc(row.className())).append("</td>").append(num(row.count(), String.format("%,d", row.count())))
                    .append(num(row.shallowBytes(), ByteSize.format(row.shallowBytes()))).append(num(row.retainedBytes(), ByteSize.format(row.retainedBytes()))).append("</tr>\n");
        }
        h.append("</tbody></table>\n");
        h.append("<h2>Biggest dominators</h2>\n<table class=sortable><thead><tr><th>object</th><th class=n>retained</th><th class=n>% of reachable</th></tr></thead><tbody>\n");
        for (var dm : r.dominators()) {
            h.append("<tr><td>").append(esc(dm.object())).append("</td>").append(num(dm.retainedBytes(), ByteSize.format(dm.retainedBytes())))
                    .append(num((long) (dm.heapFraction() * 10000), String.format("%.1f%%", 100 * dm.heapFraction()))).append("</tr>\n");
        }
        h.append("</tbody></table>\n");
        var in = r.inspections();
        if (in != null) {
            h.append("<h2>Inspections</h2>\n");
            var ds = in.duplicateStrings();
            h.append("<h3>Duplicate strings — ").append(esc(ByteSize.format(ds.wastedBytes()))).append(" wasted</h3>\n<table class=sortable><thead><tr><th>text</th><th class=n>copies</th><th class=n>wasted</th></tr></thead><tbody>\n");
            for (var g : ds.top()) {
                h.append("<tr><td><code>").append(esc(TextReport.abbreviate(g.text(), 100))).append("</code></td>").append(num(g.count(), String.format("%,d", g.count())))
                        .append(num(g.wastedBytes(), ByteSize.format(g.wastedBytes()))).append("</tr>\n");
            }
            h.append("</tbody></table>\n");
            var cl = in.classLoaders();
            h.append("<h3>Class loaders — ").append(cl.duplicatedClassCount()).append(" classes defined by more than one loader</h3>\n<table class=sortable><thead><tr><th>loader</th><th class=n>classes</th><th class=n>retained</th><th>pinned by</th></tr></thead><tbody>\n");
            for (var l : cl.loaders()) {
                h.append("<tr><td>").append(esc(l.loader())).append("</td>").append(num(l.classes(), String.valueOf(l.classes())))
                        .append(num(l.retainedBytes(), ByteSize.format(l.retainedBytes()))).append("<td>");
                if (!l.pinnedBy().isEmpty()) path(h, l.pinnedBy());
                h.append("</td></tr>\n");
            }
            h.append("</tbody></table>\n");
            var f = in.finalizer();
            h.append("<h3>Finalizer backlog — ").append(String.format("%,d", f.pending())).append(" objects</h3>\n<ul>");
            for (var p : f.byClass()) h.append("<li>").append(String.format("%,d", p.count())).append(" × ").append(esc(p.className())).append("</li>");
            h.append("</ul>\n");
            var db = in.directBuffers();
            h.append("<h3>Direct buffers — ").append(esc(ByteSize.format(db.ownedCapacity()))).append(" native memory in ").append(String.format("%,d", db.buffers())).append(" buffers</h3>\n<ul>");
            for (var b : db.largest()) h.append("<li>").append(esc(ByteSize.format(b.capacity()))).append(" — ").append(esc(b.object())).append(" held by <code>").append(esc(b.holder())).append("</code></li>");
            h.append("</ul>\n");
        }
        h.append("<script type=\"application/json\" id=\"heapsight-report\">").append(HtmlJson.embed(JsonReport.render(r))).append("</script>\n");
        tail(h);
        return h.toString();
    }

    static void suspects(StringBuilder h, List<Suspect> suspects) {
        h.append("<h2>Leak suspects</h2>\n");
        if (suspects.isEmpty()) {
            h.append("<p>No accumulation point retains a notable share of the heap.</p>\n");
        }
        for (Suspect sp : suspects) {
            h.append("<div class=suspect><h3>#").append(sp.rank()).append(" <code>").append(esc(sp.holder())).append("</code> — ")
                    .append(esc(ByteSize.format(sp.retainedBytes()))).append(String.format(" (%.1f%%)", 100 * sp.heapFraction()))
                    .append(sp.nativeBytes() > 0 ? esc(" + " + ByteSize.format(sp.nativeBytes()) + " native") : "").append("</h3>\n");
            h.append("<p>").append(esc(sp.description())).append("</p>\n<details open><summary>path from GC root</summary>");
            path(h, sp.path());
            h.append("</details></div>\n");
        }
    }

    static void path(StringBuilder h, List<PathStep> path) {
        if (path.isEmpty()) {
            h.append("<p class=meta>no strong path (only weakly or softly reachable)</p>");
            return;
        }
        h.append("<ol class=path>");
        for (PathStep st : path) {
            h.append("<li>");
            if (st.isRoot()) h.append("<span class=root>").append(esc(st.via())).append("</span> ");
            else h.append("<code>").append(esc(st.via())).append("</code> → ");
            h.append(esc(st.object())).append("</li>");
        }
        h.append("</ol>");
    }

    static void head(StringBuilder h, String title) {
        h.append("<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8><meta name=viewport content=\"width=device-width,initial-scale=1\">\n<title>")
                .append(esc(title)).append("</title>\n<style>\n")
                .append("body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#1d232a}")
                .append("h1{margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid #ddd}.meta{color:#666}")
                .append(".warn{background:#fff4e0;border-left:4px solid #e8a33a;padding:.5em 1em}")
                .append(".cards{display:flex;gap:1em;flex-wrap:wrap}.card{background:#f4f6f8;border-radius:6px;padding:.6em 1em}.card b{display:block;font-size:1.3em}")
                .append("table{border-collapse:collapse;width:100%}th,td{padding:.25em .6em;border-bottom:1px solid #eee;text-align:left;vertical-align:top}")
                .append("th{cursor:pointer;background:#fafafa;position:sticky;top:0}.n{text-align:right;font-variant-numeric:tabular-nums}")
                .append(".suspect{border:1px solid #e3e3e3;border-left:4px solid #c0392b;border-radius:4px;padding:.2em 1em;margin:1em 0}")
                .append("ol.path{margin:.3em 0;padding-left:1.4em}ol.path li{font-family:ui-monospace,monospace;font-size:12.5px}.root{color:#8e44ad}")
                .append("code{background:#f4f4f4;padding:0 .2em;border-radius:3px}\n</style></head><body>\n");
    }

    static void tail(StringBuilder h) {
        // each header sorts its own table by its own column (cellIndex): an index counted across the page broke every
        // table but the first; numbers sort by data-v, text case-insensitively, a second click reverses
        h.append("<script>\n")
                .append("document.querySelectorAll('table.sortable').forEach(t=>t.tHead.querySelectorAll('th').forEach(th=>")
                .append("th.addEventListener('click',()=>{const i=th.cellIndex,tb=t.tBodies[0],rows=[...tb.rows];")
                .append("const asc=th.dataset.asc!=='1';th.dataset.asc=asc?'1':'0';")
                .append("const key=r=>{const c=r.cells[i];return !c?'':c.dataset.v!==undefined?+c.dataset.v:c.textContent.trim().toLowerCase();};")
                .append("rows.sort((a,b)=>{const x=key(a),y=key(b);return (x>y?1:x<y?-1:0)*(asc?1:-1);});")
                .append("rows.forEach(r=>tb.appendChild(r));})));\n</script>\n</body></html>\n");
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

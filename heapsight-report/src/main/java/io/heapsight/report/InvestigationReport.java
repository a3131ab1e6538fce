package io.heapsight.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heapsight.analysis.diff.DiffReport;
import io.heapsight.analysis.diff.GrowthRate;
import io.heapsight.analysis.diff.HolderDiff;
import io.heapsight.charts.Chart;
import io.heapsight.charts.Charts;
import io.heapsight.common.ByteSize;

import java.time.Instant;
import java.util.List;

import static io.heapsight.report.HtmlReport.esc;

/**
 * The report of `heapsight investigate`: what was watched (target, load URL, requests, times), the live set after
 * each dump's full GC beside the dump's reachable bytes, growth per hour and per request, then the diff itself.
 */
public final class InvestigationReport {
    private InvestigationReport() {}

    /**
     * One dump of the investigation.
     *
     * @param atMillis             when it was taken (the dump's own timestamp)
     * @param requestsBefore       requests sent since the investigation started; -1 without a load driver
     * @param liveSetAfterGcBytes  heap in use right after the full GC the dump forced; -1 when the collector did not report it
     * @param reachableBytes       bytes reachable from GC roots in the dump (its analysis)
     */
    public record Step(int dump, String file, long atMillis, long requestsBefore, long liveSetAfterGcBytes, long reachableBytes) {}

    /**
     * @param target  e.g. "JVM 4242" or "demo service pid 4242 at http://127.0.0.1:41234"
     * @param loadUrl the URL loaded between dumps; null when waiting instead
     */
    public record Run(String target, String loadUrl, List<Step> steps) {
        public Run {
            steps = List.copyOf(steps);
        }

        /** Growth of the live set (after GC when every dump has it, else reachable bytes) from the first dump to the last. */
        public GrowthRate liveSetGrowth() {
            Step a = steps.getFirst();
            Step b = steps.getLast();
            boolean afterGc = steps.stream().allMatch(s -> s.liveSetAfterGcBytes() >= 0);
            long bytes = afterGc ? b.liveSetAfterGcBytes() - a.liveSetAfterGcBytes() : b.reachableBytes() - a.reachableBytes();
            return rate(bytes);
        }

        /** Growth of one holder across the dumps, at the same times and requests. */
        public GrowthRate growthOf(HolderDiff h) {
            return rate(h.growthBytes());
        }

        private GrowthRate rate(long bytes) {
            Step a = steps.getFirst();
            Step b = steps.getLast();
            long requests = a.requestsBefore() < 0 || b.requestsBefore() < 0 ? -1 : b.requestsBefore() - a.requestsBefore();
            return new GrowthRate(bytes, b.atMillis() - a.atMillis(), requests);
        }
    }

    /** "12.0 MB per hour, 10.2 KB per request" (the per-request part only when requests were counted). */
    public static String rates(GrowthRate g) {
        String s = Double.isNaN(g.perHour()) ? "" : signed(g.perHour()) + " per hour";
        if (!Double.isNaN(g.perRequest())) s += (s.isEmpty() ? "" : ", ") + signed(g.perRequest()) + " per request";
        return s;
    }

    private static String signed(double bytes) {
        return (bytes < 0 ? "-" : "+") + ByteSize.format(Math.round(Math.abs(bytes)));
    }

    public static String text(Run run, DiffReport diff, int top) {
        StringBuilder out = new StringBuilder("heapsight investigate: ").append(run.target()).append('\n');
        out.append("  between dumps: ").append(run.loadUrl() != null ? "load " + run.loadUrl() : "waiting (the target's own traffic)").append('\n');
        for (Step s : run.steps()) {
            out.append(String.format("  dump %d  %s  %s  requests so far %s  live set after GC %s, reachable %s%n", s.dump(), s.file(),
                    Instant.ofEpochMilli(s.atMillis()), s.requestsBefore() < 0 ? "-" : String.format("%,d", s.requestsBefore()),
                    s.liveSetAfterGcBytes() < 0 ? "unknown" : ByteSize.format(s.liveSetAfterGcBytes()), ByteSize.format(s.reachableBytes())));
        }
        GrowthRate g = run.liveSetGrowth();
        out.append(String.format("  live set %s%s: %s over %.1f s%n", signed(g.bytes()), rates(g).isEmpty() ? "" : " (" + rates(g) + ")",
                g.requests() >= 0 ? String.format("%,d requests", g.requests()) : "no requests counted", g.millis() / 1000.0));
        out.append('\n');
        return out.append(DiffTextReport.render(diff, top)).toString();
    }

    public static ObjectNode tree(Run run, DiffReport diff, int top) {
        ObjectNode root = DiffJsonReport.tree(diff, top);
        ObjectNode inv = JsonReport.MAPPER.createObjectNode();
        inv.put("target", run.target());
        inv.put("loadUrl", run.loadUrl());
        ArrayNode steps = inv.putArray("dumps");
        for (Step s : run.steps()) {
            ObjectNode o = steps.addObject();
            o.put("dump", s.dump());
            o.put("file", s.file());
            o.put("time", Instant.ofEpochMilli(s.atMillis()).toString());
            if (s.requestsBefore() >= 0) o.put("requestsBefore", s.requestsBefore()); else o.putNull("requestsBefore");
            if (s.liveSetAfterGcBytes() >= 0) o.put("liveSetAfterGcBytes", s.liveSetAfterGcBytes()); else o.putNull("liveSetAfterGcBytes");
            o.put("reachableBytes", s.reachableBytes());
        }
        growth(inv.putObject("liveSetGrowth"), run.liveSetGrowth());
        List<HolderDiff> growing = diff.growing();
        if (!growing.isEmpty()) {
            ObjectNode h = inv.putObject("topHolderGrowth");
            h.put("holder", growing.getFirst().suspect().holder());
            growth(h, run.growthOf(growing.getFirst()));
        }
        root.set("investigation", inv);
        return root;
    }

    private static void growth(ObjectNode o, GrowthRate g) {
        o.put("bytes", g.bytes());
        o.put("seconds", g.millis() / 1000.0);
        if (g.requests() >= 0) o.put("requests", g.requests()); else o.putNull("requests");
        if (Double.isNaN(g.perHour())) o.putNull("bytesPerHour"); else o.put("bytesPerHour", Math.round(g.perHour()));
        if (Double.isNaN(g.perRequest())) o.putNull("bytesPerRequest"); else o.put("bytesPerRequest", Math.round(g.perRequest()));
    }

    public static String json(Run run, DiffReport diff, int top) {
        try {
            return JsonReport.MAPPER.writeValueAsString(tree(run, diff, top));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String html(Run run, DiffReport diff, int top) {
        StringBuilder h = new StringBuilder("<h2>Investigation</h2>\n<p class=meta>").append(esc(run.target())).append(" · between dumps: ")
                .append(esc(run.loadUrl() != null ? "load " + run.loadUrl() : "waiting (the target's own traffic)")).append("</p>\n")
                .append("<table><thead><tr><th>dump</th><th>time</th><th class=n>requests so far</th><th class=n>live set after GC</th>")
                .append("<th class=n>reachable</th></tr></thead><tbody>\n");
        for (Step s : run.steps()) {
            h.append("<tr><td>").append(esc(s.file())).append("</td><td>").append(esc(Instant.ofEpochMilli(s.atMillis()).toString()))
                    .append("</td><td class=n>").append(s.requestsBefore() < 0 ? "-" : String.format("%,d", s.requestsBefore()))
                    .append("</td><td class=n>").append(s.liveSetAfterGcBytes() < 0 ? "unknown" : esc(ByteSize.format(s.liveSetAfterGcBytes())))
                    .append("</td><td class=n>").append(esc(ByteSize.format(s.reachableBytes()))).append("</td></tr>\n");
        }
        GrowthRate g = run.liveSetGrowth();
        h.append("</tbody></table>\n<p>Live set ").append(esc(signed(g.bytes())));
        if (!rates(g).isEmpty()) h.append(" (").append(esc(rates(g))).append(')');
        h.append(".</p>\n");
        GrowthAxis axis = GrowthAxis.of(run);
        Chart live = liveSetChart(run, axis);
        h.append(Charts.figure(live.id(), "Live set after each dump's GC and bytes reachable in the dump: "
                + esc(DiffHtmlReport.rateText(g))));
        return DiffHtmlReport.render(diff, top, h.toString(), json(run, diff, top), axis, List.of(live));
    }

    private static Chart liveSetChart(Run run, GrowthAxis axis) {
        Chart c = new Chart("live-set", axis.kind(), axis.label(), "bytes").fromZero();
        int live = c.series("live set after GC", Chart.Style.LINE_POINTS, "#c0392b");
        int reachable = c.series("reachable in the dump", Chart.Style.LINE_POINTS, "#2980b9");
        for (int i = 0; i < run.steps().size(); i++) {
            Step s = run.steps().get(i);
            if (s.liveSetAfterGcBytes() >= 0) c.put(live, axis.xs()[i], s.liveSetAfterGcBytes());
            c.put(reachable, axis.xs()[i], s.reachableBytes());
        }
        return c;
    }
}

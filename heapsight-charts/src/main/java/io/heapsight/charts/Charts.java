package io.heapsight.charts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * What a self-contained page needs to draw {@link Chart}s: the one vendored copy of uPlot (MIT, see uplot/README.txt)
 * and heapsight's chart script, inlined (no CDN, no network, works from a file attached to a ticket), the data as
 * HTML-safe JSON, and a Content-Security-Policy that lets exactly these inline scripts and styles run (by SHA-256) and
 * nothing else: no other script, no network. The chart script also fills every {@code [data-field=NAME]} element's
 * text from the data's "fields" with textContent, so names that come from a JVM or a dump are never parsed as HTML.
 */
public final class Charts {
    /** The id of the {@code <script type="application/json">} element that holds the fields and charts. */
    public static final String DATA_ID = "heapsight-charts";
    private static final String UPLOT = resource("uplot/uPlot.iife.min.js");
    private static final String UPLOT_CSS = resource("uplot/uPlot.min.css");
    private static final String SCRIPT = resource("charts.js");
    private static final String STYLE = resource("charts.css");

    private Charts() {}

    /** The inline scripts, in page order: uPlot, then heapsight's chart script. */
    public static List<String> scripts() {
        return List.of(UPLOT, SCRIPT);
    }

    /** uPlot's style sheet and the charts' own, for one inline {@code <style>}. */
    public static String style() {
        return UPLOT_CSS + "\n" + STYLE;
    }

    /**
     * A {@code <meta>} Content-Security-Policy for a page whose only active content is the given inline scripts and
     * styles: each allowed by its hash, nothing loaded from anywhere (data: images only), no base or form targets.
     */
    public static String cspMeta(List<String> scripts, List<String> styles) {
        return "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src " + hashes(scripts)
                + "; style-src " + hashes(styles) + "; img-src data:; base-uri 'none'; form-action 'none'\">";
    }

    /** The place of a chart in the page; {@code captionHtml} must already be escaped HTML. */
    public static String figure(String id, String captionHtml) {
        if (!id.matches("[A-Za-z0-9-]+")) throw new IllegalArgumentException("chart id: " + id);
        return "<figure class=hs-chart data-chart=\"" + id + "\"><figcaption>" + captionHtml + "</figcaption><div class=plot></div></figure>\n";
    }

    /** The data: text fields (set with textContent) and the charts. */
    public static String data(Map<String, String> fields, List<Chart> charts) {
        JsonOut json = new JsonOut().beginObject();
        json.name("fields").beginObject();
        for (Map.Entry<String, String> f : fields.entrySet()) json.field(f.getKey(), f.getValue());
        json.endObject();
        json.name("charts").beginArray();
        for (Chart c : charts) c.write(json);
        json.endArray();
        return json.endObject().toString();
    }

    /** The data block, then uPlot and the chart script: for the end of the body. */
    public static void appendScripts(StringBuilder h, String dataJson) {
        h.append("<script type=\"application/json\" id=\"").append(DATA_ID).append("\">").append(HtmlJson.embed(dataJson))
                .append("</script>\n");
        for (String s : scripts()) h.append("<script>").append(s).append("</script>\n");
    }

    /** 'sha256-...' sources of a CSP directive, one per inline script or style. */
    static String hashes(List<String> sources) {
        List<String> out = new ArrayList<>();
        for (String s : sources) out.add("'sha256-" + sha256(s) + "'");
        return out.isEmpty() ? "'none'" : String.join(" ", out);
    }

    static String sha256(String s) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);     // every JDK has SHA-256
        }
    }

    private static String resource(String name) {
        // relative to this class: still found after heapsight-agent's shading relocates the package
        try (InputStream in = Charts.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name + " beside " + Charts.class.getName());
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (text.toLowerCase(java.util.Locale.ROOT).contains("</script") || text.contains("<!--")) {
                throw new IllegalStateException(name + " cannot be inlined in a <script> element");
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

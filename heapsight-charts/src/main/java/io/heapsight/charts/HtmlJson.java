package io.heapsight.charts;

/**
 * JSON placed inside an HTML {@code <script type="application/json">} element. The HTML parser ends the element at
 * the first {@code </script}, and {@code <!--} followed by {@code <script} switches it into a state where the real
 * closing tag is swallowed with the rest of the page; U+2028/2029 end a line in older JavaScript. In JSON, {@code <},
 * {@code >} and {@code &} can only occur inside strings, where their {@code \}{@code uXXXX} forms mean the same, so
 * replacing them keeps the data identical for {@code JSON.parse} and leaves the HTML parser nothing to see.
 */
public final class HtmlJson {
    private HtmlJson() {}

    public static String embed(String json) {
        StringBuilder out = new StringBuilder(json.length() + 64);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}

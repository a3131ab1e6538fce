package io.heapsight.charts;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A small JSON writer for the data of self-contained pages, with no library: the agent carries it into users' JVMs,
 * where a JSON library could clash with the application's. Its output is already safe inside an HTML
 * {@code <script type="application/json">} element: {@code <}, {@code >}, {@code &}, U+2028/2029 and unpaired
 * surrogates are written as {@code \}{@code uXXXX} escapes ({@link HtmlJson}'s rules), which JSON.parse reads back
 * unchanged. Numbers that JSON cannot hold (NaN, infinity) are written as null.
 */
public final class JsonOut {
    private final StringBuilder out = new StringBuilder(4096);
    /** Per open object or array: true until its first member is written. */
    private final Deque<Boolean> first = new ArrayDeque<>();
    private boolean afterName;

    public JsonOut beginObject() {
        separate();
        out.append('{');
        first.push(true);
        return this;
    }

    public JsonOut endObject() {
        first.pop();
        out.append('}');
        return this;
    }

    public JsonOut beginArray() {
        separate();
        out.append('[');
        first.push(true);
        return this;
    }

    public JsonOut endArray() {
        first.pop();
        out.append(']');
        return this;
    }

    public JsonOut name(String name) {
        separate();
        string(name);
        out.append(':');
        afterName = true;
        return this;
    }

    public JsonOut value(String s) {
        separate();
        if (s == null) out.append("null");
        else string(s);
        return this;
    }

    public JsonOut value(long v) {
        separate();
        out.append(v);
        return this;
    }

    public JsonOut value(boolean v) {
        separate();
        out.append(v);
        return this;
    }

    /** A number; NaN and infinities become null. Whole numbers are written without a fraction. */
    public JsonOut value(double v) {
        separate();
        if (Double.isNaN(v) || Double.isInfinite(v)) out.append("null");
        else if (v == Math.rint(v) && Math.abs(v) < 1e15) out.append((long) v);
        else out.append(v);
        return this;
    }

    public JsonOut nullValue() {
        separate();
        out.append("null");
        return this;
    }

    public JsonOut field(String name, String value) {
        return name(name).value(value);
    }

    public JsonOut field(String name, double value) {
        return name(name).value(value);
    }

    public JsonOut field(String name, long value) {
        return name(name).value(value);
    }

    public JsonOut field(String name, boolean value) {
        return name(name).value(value);
    }

    /** An array of numbers; NaN elements become null (a gap in a chart series). */
    public JsonOut array(String name, double[] values) {
        name(name).beginArray();
        for (double v : values) value(v);
        return endArray();
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (first.isEmpty()) return;
        if (first.peek()) {
            first.pop();
            first.push(false);
        } else {
            out.append(',');
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> unicode(c);
                default -> {
                    if (c < 0x20) {
                        unicode(c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        unicode(c);     // unpaired: UTF-8 cannot carry it, the escape can
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private void unicode(char c) {
        out.append(String.format("\\u%04x", (int) c));
    }
}

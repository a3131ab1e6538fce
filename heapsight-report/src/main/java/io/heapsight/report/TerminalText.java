package io.heapsight.report;

/**
 * Text from a dump (class, field and thread names, strings, paths) made safe to print on a terminal. A dump is
 * attacker-controlled: a class name carrying ESC ] 52 writes the reader's clipboard, ESC ] 0 the window title,
 * ESC [ 2J clears the screen, and a bare CR or LF forges a line of the report. Every control character is shown as
 * a visible escape instead ({@code \x1b}, {@code \n}, {@code \r}, {@code \t}, {@code \u2028}), as {@code cat -v}
 * or a debugger would: the reader sees that the name is odd, and the terminal interprets nothing.
 */
public final class TerminalText {
    private TerminalText() {}

    /** One value from the dump, on one line with every control character escaped. Null stays null. */
    public static String escape(String s) {
        return s == null ? null : escape(s, false);
    }

    /**
     * A whole rendered report: every control character escaped except the line breaks the presenter wrote. The
     * presenters escape each value with {@link #escape(String)}; this is the net under them.
     */
    public static String escapeControls(String text) {
        return text == null ? null : escape(text, true);
    }

    private static String escape(String s, boolean keepNewlines) {
        int i = 0;
        while (i < s.length() && !needsEscape(s.charAt(i), keepNewlines)) i++;
        if (i == s.length()) return s;
        StringBuilder out = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!needsEscape(c, keepNewlines)) {
                out.append(c);
                continue;
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x100) out.append(String.format("\\x%02x", (int) c));
                    else out.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        return out.toString();
    }

    /**
     * C0 controls and DEL, C1 controls (0x80-0x9F: a terminal may read 0x9B as CSI), the Unicode line and paragraph
     * separators, and the bidirectional overrides and isolates that reorder what is shown (a "Trojan source" name).
     */
    static boolean needsEscape(char c, boolean keepNewlines) {
        if (c == '\n') return !keepNewlines;
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }
}

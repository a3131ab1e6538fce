package io.heapsight.report;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON output whose strings show every character {@link TerminalText} escapes as {@code \}{@code uXXXX}: JSON already
 * escapes C0 controls, but writes C1 controls (0x9B is CSI to some terminals), U+2028/2029 and bidi overrides raw,
 * and JSON is printed to terminals and pasted into pages too. The data read back is unchanged.
 */
public final class TerminalSafeJson extends CharacterEscapes {
    private static final int[] ASCII = standardAsciiEscapesForJSON();

    public static ObjectMapper configure(ObjectMapper mapper) {
        mapper.getFactory().setCharacterEscapes(new TerminalSafeJson());
        return mapper;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ASCII;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        if (ch > 0xFFFF || !TerminalText.needsEscape((char) ch, false)) return null;
        return new SerializedString(String.format("\\u%04x", ch));
    }
}

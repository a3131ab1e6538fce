package io.heapsight.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The output format of a verb, one option for all of them: {@code --format text|json} (and {@code html} for the
 * verbs that render a report page). {@code --json} stays as the older spelling of {@code --format json}.
 */
abstract class FormatOptions {
    enum Format { text, json, html }

    Format format = Format.text;

    @Option(names = "--json", hidden = true, description = "Same as --format json.")
    void json(boolean on) {
        if (on) format = Format.json;
    }

    boolean isJson() {
        return format == Format.json;
    }

    /** {@code --format text|json}: for verbs whose result is data, not a report page. */
    static final class TextOrJson extends FormatOptions {
        @Option(names = "--format", paramLabel = "FORMAT", converter = TextOrJsonConverter.class,
                completionCandidates = TextOrJsonCandidates.class,
                description = "Output format: text (default) or json (--json is the same as --format json).")
        void format(Format f) {
            format = f;
        }
    }

    /** {@code --format text|json|html}: for verbs that render a report (analyze, diff). */
    static final class TextJsonOrHtml extends FormatOptions {
        @Option(names = "--format", paramLabel = "FORMAT",
                description = "Report format: text (default), json or html.")
        void format(Format f) {
            format = f;
        }
    }

    static final class TextOrJsonCandidates extends java.util.ArrayList<String> {
        TextOrJsonCandidates() {
            super(java.util.List.of("text", "json"));
        }
    }

    static final class TextOrJsonConverter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "text" -> Format.text;
                case "json" -> Format.json;
                default -> throw new CommandLine.TypeConversionException("expected text or json, got '" + value + "'");
            };
        }
    }
}

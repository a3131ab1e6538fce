package io.heapsight.cli;

import io.heapsight.common.Durations;
import picocli.CommandLine;

import java.time.Duration;

/**
 * The one duration grammar of every option that takes a time ({@link Durations}: {@code 500ms}, {@code 90s},
 * {@code 10m}, {@code 1.5m}, {@code 1h}; a bare number is seconds), as a picocli converter: a malformed value is
 * bad usage naming the option.
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}

package io.heapsight.common;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ByteSizeTest {

    @Test
    void formatsBytesBelowAKilobyteExactly() {
        assertThat(ByteSize.format(0)).isEqualTo("0 B");
        assertThat(ByteSize.format(512)).isEqualTo("512 B");
        assertThat(ByteSize.format(1023)).isEqualTo("1023 B");
        assertThat(ByteSize.format(-40)).isEqualTo("-40 B");
    }

    @Test
    void formatsLargerSizesInBinaryUnitsWithOneDecimal() {
        assertThat(ByteSize.format(1024)).isEqualTo("1.0 KB");
        assertThat(ByteSize.format(1536)).isEqualTo("1.5 KB");
        assertThat(ByteSize.format(31_247_564)).isEqualTo("29.8 MB");        // 31247564 / 1048576 = 29.80
        assertThat(ByteSize.format(357L << 20)).isEqualTo("357.0 MB");
        assertThat(ByteSize.format(1_288_490_189L)).isEqualTo("1.2 GB");      // 1.2 * 2^30
        assertThat(ByteSize.format(3L << 40)).isEqualTo("3.0 TB");
        assertThat(ByteSize.format(-(2L << 20))).isEqualTo("-2.0 MB");
    }

    @Test
    void roundsUpIntoTheNextUnitRatherThanPrinting1024() {
        assertThat(ByteSize.format(1024 * 1024 - 1)).isEqualTo("1.0 MB");
        assertThat(ByteSize.format((1L << 30) - 10)).isEqualTo("1.0 GB");
        assertThat(ByteSize.format(1023.6)).isEqualTo("1.0 KB");
    }

    @Test
    void ignoresTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(ByteSize.format(1536)).isEqualTo("1.5 KB");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void formatsRatesAndUnknowns() {
        assertThat(ByteSize.format(2.5 * 1024 * 1024)).isEqualTo("2.5 MB");
        assertThat(ByteSize.format(12.4)).isEqualTo("12 B");
        assertThat(ByteSize.format(Double.NaN)).isEqualTo("?");
        assertThat(ByteSize.formatOrUnknown(-1L)).isEqualTo("?");
        assertThat(ByteSize.formatOrUnknown(-1.0)).isEqualTo("?");
        assertThat(ByteSize.formatOrUnknown(2048L)).isEqualTo("2.0 KB");
    }

    @Test
    void signsAChange() {
        assertThat(ByteSize.signed(21_810_381)).isEqualTo("+20.8 MB");
        assertThat(ByteSize.signed(-(1L << 20))).isEqualTo("-1.0 MB");
        assertThat(ByteSize.signed(0)).isEqualTo("0 B");
    }

    @Test
    void parsesSizesAsPeopleAndJvmFlagsWriteThem() {
        assertThat(ByteSize.parse("1048576")).isEqualTo(1_048_576);
        assertThat(ByteSize.parse("512k")).isEqualTo(512 * 1024);
        assertThat(ByteSize.parse("64MB")).isEqualTo(64L * 1024 * 1024);
        assertThat(ByteSize.parse("1.5g")).isEqualTo(1_610_612_736L);
        assertThat(ByteSize.parse("100m")).isEqualTo(104_857_600L);
        assertThat(ByteSize.parse(" 4 KiB ")).isEqualTo(4096);
        assertThat(ByteSize.parse("2T")).isEqualTo(2L << 40);
        assertThat(ByteSize.parse("300b")).isEqualTo(300);
        assertThat(ByteSize.parse("0.1k")).isEqualTo(102);                   // 102.4 rounded
        assertThat(ByteSize.parse("0")).isZero();
    }

    @Test
    void rejectsWhatIsNotASize() {
        for (String bad : new String[]{"", "lots", "-5MB", "5 MBs", "1.5", "1.5b", "12ib", "9999999999999g", "1e3", "k"}) {
            assertThatThrownBy(() -> ByteSize.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a byte size: '" + bad + "'");
        }
        assertThatThrownBy(() -> ByteSize.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatAndParseAgreeOnUnits() {
        assertThat(ByteSize.format(ByteSize.parse("29.8MB"))).isEqualTo("29.8 MB");
        assertThat(ByteSize.format(ByteSize.parse("1.2 GB"))).isEqualTo("1.2 GB");
    }
}

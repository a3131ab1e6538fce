package io.heapsight.common;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @Test
    void parsesOneGrammarWithABareNumberInSeconds() {
        assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("1.5m")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("45")).isEqualTo(Duration.ofSeconds(45));
        assertThat(Durations.parse("2.5")).isEqualTo(Duration.ofMillis(2500));
        assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.parse(" 3 MIN ")).isEqualTo(Duration.ofMinutes(3));
        assertThat(Durations.parse("0s")).isEqualTo(Duration.ZERO);
    }

    @Test
    void rejectsWhatIsNotADuration() {
        for (String bad : new String[]{"", "soon", "ten minutes", "-5s", "5 sec", "1e3s", "m", "99999999999999999d"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a duration: '" + bad + "'");
        }
    }

    @Test
    void formatsInTheGrammarItParses() {
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(Durations.format(Duration.ofMinutes(120))).isEqualTo("2h");
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Durations.format(Duration.ofDays(1))).isEqualTo("1d");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        for (String s : new String[]{"90s", "10m", "1h", "250ms", "1500ms", "3d"}) {
            assertThat(Durations.parse(Durations.format(Durations.parse(s)))).as(s).isEqualTo(Durations.parse(s));
        }
    }

    @Test
    void writesDurationsForASentence() {
        assertThat(Durations.human(Duration.ofMillis(4240))).isEqualTo("4.2 s");
        assertThat(Durations.human(Duration.ofSeconds(30))).isEqualTo("30 s");
        assertThat(Durations.human(Duration.ofSeconds(250))).isEqualTo("4 min 10 s");
        assertThat(Durations.human(Duration.ofMinutes(10))).isEqualTo("10 min");
        assertThat(Durations.human(Duration.ofSeconds(45 * 60 + 20))).isEqualTo("45 min");
        assertThat(Durations.human(Duration.ofMinutes(150))).isEqualTo("2.5 h");
        assertThat(Durations.human(Duration.ofHours(75))).isEqualTo("3.1 days");
        assertThat(Durations.humanSeconds(Double.NaN)).isEqualTo("-");
        assertThat(Durations.humanSeconds(-1)).isEqualTo("-");
        assertThat(Durations.humanSeconds(7.25)).isEqualTo("7.3 s");
    }
}

package io.heapsight.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeakVerdictTest {

    @Test
    void oneTokenPerVerdict() {
        assertThat(LeakVerdict.LEAK.token()).isEqualTo("leak");
        assertThat(LeakVerdict.NO_LEAK.token()).isEqualTo("no-leak");
        assertThat(LeakVerdict.NATIVE_GROWTH.token()).isEqualTo("native-growth");
        assertThat(LeakVerdict.INCONCLUSIVE.token()).isEqualTo("inconclusive");
        assertThat(LeakVerdict.NO_LEAK).hasToString("no-leak");
    }

    @Test
    void readsItsTokensBack() {
        for (LeakVerdict v : LeakVerdict.values()) assertThat(LeakVerdict.ofToken(v.token())).isEqualTo(v);
        assertThatThrownBy(() -> LeakVerdict.ofToken("stable")).hasMessageContaining("not a verdict: 'stable'");
    }
}

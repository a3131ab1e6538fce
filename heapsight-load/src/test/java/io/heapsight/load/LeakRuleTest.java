package io.heapsight.load;

import io.heapsight.common.LeakVerdict;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LeakRuleTest {

    private static final long MB = 1024 * 1024;
    private final LeakRule rule = LeakRule.DEFAULT;

    @Test
    void smallHeapsUseTheFloor() {
        // 10% of 10 MB is 1 MB, below the 4 MB floor
        assertThat(rule.thresholdBytes(10 * MB)).isEqualTo(4 * MB);
        assertThat(rule.judge(10 * MB, 14 * MB)).isEqualTo(LeakVerdict.NO_LEAK);       // exactly the threshold: not above
        assertThat(rule.judge(10 * MB, 14 * MB + 1)).isEqualTo(LeakVerdict.LEAK);
    }

    @Test
    void largeHeapsUseTenPercent() {
        assertThat(rule.thresholdBytes(357 * MB)).isEqualTo((long) (0.1 * 357 * MB));
        assertThat(rule.judge(357 * MB, 547 * MB)).isEqualTo(LeakVerdict.LEAK);       // the seed's 357 -> 547 MB
        assertThat(rule.judge(65 * MB, 66 * MB)).isEqualTo(LeakVerdict.NO_LEAK);       // and its 65 -> 66 MB
        assertThat(rule.judge(400 * MB, 439 * MB)).isEqualTo(LeakVerdict.NO_LEAK);     // +39 MB < 40 MB
        assertThat(rule.judge(400 * MB, 441 * MB)).isEqualTo(LeakVerdict.LEAK);
    }

    @Test
    void shrinkingIsStableAndMissingReadingsAreUnknown() {
        assertThat(rule.judge(100 * MB, 50 * MB)).isEqualTo(LeakVerdict.NO_LEAK);
        assertThat(rule.judge(-1, 50 * MB)).isEqualTo(LeakVerdict.INCONCLUSIVE);
        assertThat(rule.judge(50 * MB, -1)).isEqualTo(LeakVerdict.INCONCLUSIVE);
    }
}

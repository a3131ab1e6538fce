package io.heapsight.analysis.diff;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The verdict rule on hand-made series, noise T = 100. */
class GrowthRuleTest {
    static final long T = 100;

    static GrowthRule.Outcome of(long... bytes) {
        return GrowthRule.classify(bytes, T);
    }

    @Test
    void steadyGrowthIsGrowingInEveryStep() {
        var o = of(1000, 1200, 1400, 1600);
        assertThat(o.verdict()).isEqualTo(HolderVerdict.GROWING);
        assertThat(o.growth()).isEqualTo(600);
        assertThat(o.growingSteps()).isEqualTo(3);
    }

    @Test
    void twoDumpsGrowingBeyondNoiseIsGrowingAndWithinNoiseIsStable() {
        assertThat(of(1000, 1101).verdict()).isEqualTo(HolderVerdict.GROWING);
        assertThat(of(1000, 1100).verdict()).isEqualTo(HolderVerdict.STABLE); // exactly T is still noise
        assertThat(of(1000, 900).verdict()).isEqualTo(HolderVerdict.STABLE);
        assertThat(of(1000, 899).verdict()).isEqualTo(HolderVerdict.SHRINKING);
    }

    @Test
    void growthThatStoppedIsPlateaued() {
        // average step (1500-500)/2 = 500; the last step adds 0, under a quarter (125)
        assertThat(of(500, 1500, 1500).verdict()).isEqualTo(HolderVerdict.PLATEAUED);
        assertThat(of(500, 1500, 1520).verdict()).isEqualTo(HolderVerdict.PLATEAUED);
        // last step 130 > 125: still growing
        assertThat(of(500, 1370, 1500).verdict()).isEqualTo(HolderVerdict.GROWING);
    }

    @Test
    void aOneOffJumpIsGrowingInOneStep() {
        var o = of(1000, 1000, 1000, 2000);
        assertThat(o.verdict()).isEqualTo(HolderVerdict.GROWING);
        assertThat(o.growingSteps()).isEqualTo(1);
    }

    @Test
    void smallDipsAreAllowedBigOnesAreNot() {
        // a dip of 50 (< T) inside steady growth
        assertThat(of(1000, 1400, 1350, 1800).verdict()).isEqualTo(HolderVerdict.GROWING);
        // a dip of 300 (> T)
        assertThat(of(1000, 1600, 1300, 1800).verdict()).isEqualTo(HolderVerdict.FLUCTUATING);
        assertThat(of(1000, 2000, 1000).verdict()).isEqualTo(HolderVerdict.FLUCTUATING);
        assertThat(of(2000, 1000, 1500, 500).verdict()).isEqualTo(HolderVerdict.FLUCTUATING);
        assertThat(of(2000, 1500, 1000, 500).verdict()).isEqualTo(HolderVerdict.SHRINKING);
    }

    @Test
    void rejectsShortSeriesAndZeroNoise() {
        assertThatThrownBy(() -> GrowthRule.classify(new long[] {1}, T)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GrowthRule.classify(new long[] {1, 2}, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

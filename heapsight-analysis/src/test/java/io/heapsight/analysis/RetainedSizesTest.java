package io.heapsight.analysis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetainedSizesTest {
    @Test
    void sizesUpTo32GbAreHeldInAnIntAndBiggerOnesExactly() {
        RetainedSizes r = new RetainedSizes(new int[4]);
        long justBelow = (0xFFFF_FFFEL) << 3; // the largest size held in the int
        r.set(0, 24);
        r.set(1, justBelow);
        r.set(2, justBelow + 8);
        r.set(3, 1L << 45); // 32 TB
        assertThat(r.get(0)).isEqualTo(24);
        assertThat(r.get(1)).isEqualTo(justBelow);
        assertThat(r.get(2)).isEqualTo(justBelow + 8);
        assertThat(r.get(3)).isEqualTo(1L << 45);
        // growing past the limit while summing up a subtree
        r.add(1, 16);
        r.add(0, justBelow);
        assertThat(r.get(1)).isEqualTo(justBelow + 16);
        assertThat(r.get(0)).isEqualTo(justBelow + 24);
        assertThat(RetainedSizes.of(new long[]{0, 8, 1L << 40}, 3).get(2)).isEqualTo(1L << 40);
    }
}

package io.heapsight.heap;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GrowableIntsTest {

    /** More than one chunk (2^20 values), so the chunk boundary is crossed in every operation. */
    private static final int N = (1 << 20) + 1234;

    private static GrowableInts filled() {
        GrowableInts g = new GrowableInts();
        for (int i = 0; i < N; i++) g.add(i * 3 - 7);
        return g;
    }

    @Test
    void keepsValuesInOrderAcrossChunks() {
        GrowableInts g = filled();

        assertThat(g.size()).isEqualTo(N);
        int[] out = g.toArrayAndClear();
        assertThat(out).hasSize(N);
        for (int i = 0; i < N; i++) {
            if (out[i] != i * 3 - 7) throw new AssertionError("value " + i + ": " + out[i]);
        }
        assertThat(g.size()).isZero();
    }

    @Test
    void copiesIntoATargetAtAnOffset() {
        GrowableInts g = filled();
        int[] dst = new int[N + 5];
        dst[0] = 99;

        g.copyTo(dst, 5);

        assertThat(dst[0]).isEqualTo(99);
        assertThat(dst[5]).isEqualTo(-7);
        assertThat(dst[5 + (1 << 20)]).isEqualTo((1 << 20) * 3 - 7);
        assertThat(dst[N + 4]).isEqualTo((N - 1) * 3 - 7);
        assertThat(g.size()).isZero();
    }

    @Test
    void visitsEveryValueOnce() {
        GrowableInts g = new GrowableInts();
        for (int i = 0; i < 10; i++) g.add(i);
        List<Integer> seen = new ArrayList<>();

        g.forEach(seen::add);

        assertThat(seen).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void anEmptyListGivesAnEmptyArray() {
        assertThat(new GrowableInts().toArrayAndClear()).isEmpty();
    }
}

package io.heapsight.heap;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class LongIntMapTest {

    @Test
    void getsWhatWasPutAndTheMissingValueOtherwise() {
        LongIntMap m = new LongIntMap(4);
        m.put(0x7f00_1000L, 1);
        m.put(0, 2);
        m.put(-5, 3);

        assertThat(m.get(0x7f00_1000L, -1)).isEqualTo(1);
        assertThat(m.get(0, -1)).isEqualTo(2);
        assertThat(m.get(-5, -1)).isEqualTo(3);
        assertThat(m.get(42, -1)).isEqualTo(-1);
        assertThat(m.get(42, 7)).isEqualTo(7);
        assertThat(m.size()).isEqualTo(3);
    }

    @Test
    void puttingAKeyAgainReplacesItsValue() {
        LongIntMap m = new LongIntMap(4);
        m.put(10, 1);
        m.put(10, 2);

        assertThat(m.get(10, -1)).isEqualTo(2);
        assertThat(m.size()).isEqualTo(1);
    }

    @Test
    void growsFarBeyondItsExpectedSizeAndAgreesWithAHashMap() {
        LongIntMap m = new LongIntMap(1);
        Map<Long, Integer> expected = new HashMap<>();
        Random random = new Random(7);
        for (int i = 0; i < 50_000; i++) {
            long key = random.nextBoolean() ? random.nextLong() : (random.nextInt(1 << 20) << 3); // clustered ids too
            m.put(key, i);
            expected.put(key, i);
        }

        assertThat(m.size()).isEqualTo(expected.size());
        expected.forEach((k, v) -> assertThat(m.get(k, -1)).isEqualTo(v));
        assertThat(m.get(1, -1)).isEqualTo(expected.getOrDefault(1L, -1));
    }
}

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


    /** The inverse of an odd number modulo 2^64 (Newton's iteration doubles the correct bits each step). */
    static long inverse(long odd) {
        long inv = odd;
        for (int i = 0; i < 6; i++) inv *= 2 - odd * inv;
        return inv;
    }

    /**
     * Keys crafted against the map's former fixed hash, k * 0x9E3779B97F4A7C15 folded to 32 bits: every key whose
     * product is x * (2^32 + 1) folds to 0, so all 150,000 would share one home slot and linear probing would
     * cost n^2/2 steps (tens of seconds for one dump's classes).
     */
    static long[] keysCollidingUnderTheFormerHash(int n) {
        long inv = inverse(0x9E3779B97F4A7C15L);
        long[] keys = new long[n];
        for (int x = 1; x <= n; x++) keys[x - 1] = ((long) x * 0x1_0000_0001L) * inv;
        return keys;
    }

    @Test
    void craftedKeysAreIndeedCollisionsForTheFormerHash() {
        for (long k : keysCollidingUnderTheFormerHash(1000)) {
            long h = k * 0x9E3779B97F4A7C15L;
            assertThat((int) (h ^ (h >>> 32))).isZero();
        }
    }

    @Test
    void craftedClassIdsDoNotFloodTheMap() {
        long[] keys = keysCollidingUnderTheFormerHash(150_000);
        LongIntMap map = new LongIntMap(16);
        for (int i = 0; i < keys.length; i++) map.put(keys[i], i);
        for (int i = 0; i < keys.length; i++) assertThat(map.get(keys[i], -1)).isEqualTo(i);
        assertThat(map.size()).isEqualTo(150_000);
        // a random hash at load <= 1/2 keeps the longest run of linear probing in the tens; flooded it is ~150,000
        assertThat(map.longestProbe()).isLessThan(200);
    }

    @Test
    void extremeKeysAreKeysLikeAnyOther() {
        LongIntMap map = new LongIntMap(4);
        map.put(Long.MIN_VALUE, 1);
        map.put(Long.MAX_VALUE, 2);
        map.put(0, 3);
        assertThat(map.get(Long.MIN_VALUE, -1)).isEqualTo(1);
        assertThat(map.get(Long.MAX_VALUE, -1)).isEqualTo(2);
        assertThat(map.get(0, -1)).isEqualTo(3);
        assertThat(map.get(42, -1)).isEqualTo(-1);
    }
}

package io.heapsight.heap;

import java.util.Arrays;

/**
 * Open-addressing long -> int map without boxing, for class ids looked up once per object. The keys come from the
 * dump, so the hash is salted per map (a random seed through a full 64-bit mixer): ids crafted to collide under a
 * fixed hash would turn linear probing quadratic (a hash flood); with an unknown seed they cannot be chosen.
 */
final class LongIntMap {
    private final long seed = java.util.concurrent.ThreadLocalRandom.current().nextLong();
    private long[] keys;
    private int[] values;
    private boolean[] used;
    private int size;

    LongIntMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected * 2) - 1) << 1;
        keys = new long[cap];
        values = new int[cap];
        used = new boolean[cap];
    }

    /** MurmurHash3's fmix64 of the salted key: every key bit reaches the low bits that pick the slot. */
    private int hash(long k) {
        long h = k ^ seed;
        h = (h ^ (h >>> 33)) * 0xFF51AFD7ED558CCDL;
        h = (h ^ (h >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return (int) (h ^ (h >>> 33));
    }

    void put(long key, int value) {
        if (size * 2 >= keys.length) grow();
        int mask = keys.length - 1;
        int i = hash(key) & mask;
        while (used[i]) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        used[i] = true;
        keys[i] = key;
        values[i] = value;
        size++;
    }

    int get(long key, int missing) {
        int mask = keys.length - 1;
        int i = hash(key) & mask;
        while (used[i]) {
            if (keys[i] == key) return values[i];
            i = (i + 1) & mask;
        }
        return missing;
    }

    private void grow() {
        long[] ok = keys;
        int[] ov = values;
        boolean[] ou = used;
        keys = new long[ok.length * 2];
        values = new int[ok.length * 2];
        used = new boolean[ok.length * 2];
        size = 0;
        for (int i = 0; i < ok.length; i++) if (ou[i]) put(ok[i], ov[i]);
    }

    int size() {
        return size;
    }

    /** The longest distance of a key from its home slot: what one lookup may cost in the worst case. */
    int longestProbe() {
        int mask = keys.length - 1, longest = 0;
        for (int i = 0; i < keys.length; i++) {
            if (used[i]) longest = Math.max(longest, (i - (hash(keys[i]) & mask)) & mask);
        }
        return longest;
    }

    @Override
    public String toString() {
        return "LongIntMap" + Arrays.toString(new int[]{size});
    }
}

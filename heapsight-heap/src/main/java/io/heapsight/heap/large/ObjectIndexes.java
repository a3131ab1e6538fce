package io.heapsight.heap.large;

/**
 * Object indexes as unsigned 32-bit values: past 2^31 objects an int still holds one (up to 2^32 - 2 objects), so
 * every array of object indexes (edges, dominators, parents, roots) keeps 4 bytes per entry. 0xFFFF_FFFF is "none"
 * (today's -1, with the same bits).
 */
public final class ObjectIndexes {
    /** The stored form of "no object". */
    public static final int NONE = -1;
    /** The most objects a model can have: indexes 0 .. MAX_OBJECTS - 1, NONE excluded. */
    public static final long MAX_OBJECTS = (1L << 32) - 1;

    private ObjectIndexes() {}

    /** @throws IllegalArgumentException when obj is negative or not below MAX_OBJECTS */
    public static int store(long obj) {
        if (obj < 0 || obj >= MAX_OBJECTS) throw new IllegalArgumentException("object index out of range: " + obj);
        return (int) obj;
    }

    /** The object index, or -1 for NONE. */
    public static long load(int stored) {
        return stored == NONE ? -1 : Integer.toUnsignedLong(stored);
    }
}

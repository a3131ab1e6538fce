package io.heapsight.heap;

/**
 * A small direct-mapped cache of class id -> class index, in front of the class table's salted map: pass 2 looks a
 * class up once per object, and consecutive objects mostly share a few classes. One per worker thread. The slot
 * comes from an unsalted hash, which is fine for a cache: crafted ids that collide only cost the map lookup they
 * would have cost anyway.
 */
final class ClassCache {
    private static final int SIZE = 1024;
    private final long[] ids = new long[SIZE];
    /** class index + 1; 0 = empty. */
    private final int[] classes = new int[SIZE];

    private static int slot(long id) {
        return ((int) (id ^ (id >>> 17)) >>> 3) & (SIZE - 1);
    }

    /** The cached class index, or -1. */
    int get(long id) {
        int s = slot(id);
        return ids[s] == id ? classes[s] - 1 : -1;
    }

    void put(long id, int classIndex) {
        int s = slot(id);
        ids[s] = id;
        classes[s] = classIndex + 1;
    }
}

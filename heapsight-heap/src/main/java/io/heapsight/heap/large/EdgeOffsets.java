package io.heapsight.heap.large;

/**
 * Where each object's references start in the edge array (compressed sparse rows) when there are more than 2^31 of
 * them: a long base per block of 4096 objects plus an unsigned 32-bit delta per object, i.e. 4 bytes per object as
 * today's int outStart instead of 8 for a plain long per object. The deltas live in a {@link LongIndexedInts}, so a
 * mapped new file keeps untouched blocks sparse. Limit: one block's objects hold fewer than 2^32 references (an
 * HPROF array has at most 2^32 - 1 slots; a block that exceeds it is refused by the builder with a clear message).
 */
public final class EdgeOffsets {
    static final int BLOCK_SHIFT = 12;
    private final long[] base;
    private final LongIndexedInts delta;
    private final long objects;
    private final long total;

    private EdgeOffsets(long[] base, LongIndexedInts delta, long objects, long total) {
        this.base = base;
        this.delta = delta;
        this.objects = objects;
        this.total = total;
    }

    public long objects() {
        return objects;
    }

    /** The edge count of the whole model. */
    public long total() {
        return total;
    }

    /** Position of obj's first edge. */
    public long start(long obj) {
        if (obj == objects) return total;
        return base[(int) (obj >>> BLOCK_SHIFT)] + Integer.toUnsignedLong(delta.get(obj));
    }

    /** One past obj's last edge. */
    public long end(long obj) {
        return start(obj + 1);
    }

    /** Fills the offsets in object order; objects never named have no edges. */
    public static final class Builder {
        private final long objects;
        private final long[] base;
        private final LongIndexedInts delta;
        private long next;   // the first object whose start is not set yet
        private long edges;  // edges of the objects before next

        /** @param delta zeroed, at least objects long (e.g. {@link LongIndexedInts#createMapped}) */
        public Builder(long objects, LongIndexedInts delta) {
            if (objects < 0 || objects > ObjectIndexes.MAX_OBJECTS) throw new IllegalArgumentException("objects: " + objects);
            if (delta.length() < objects) throw new IllegalArgumentException("delta array shorter than the objects");
            this.objects = objects;
            this.base = new long[(int) ((objects + (1L << BLOCK_SHIFT) - 1) >>> BLOCK_SHIFT) + 1];
            this.delta = delta;
        }

        /** Declares obj's edge count; obj must be past every object declared before. */
        public Builder edges(long obj, long count) {
            if (obj < next || obj >= objects) throw new IllegalArgumentException("objects must come in order: " + obj);
            if (count < 0) throw new IllegalArgumentException("negative edge count");
            startUpTo(obj + 1);
            edges += count;
            return this;
        }

        public EdgeOffsets build() {
            startUpTo(objects);
            return new EdgeOffsets(base, delta, objects, edges);
        }

        /** Sets the start of objects next .. to-1 to the current edge count; whole blocks cost one base entry. */
        private void startUpTo(long to) {
            while (next < to) {
                int block = (int) (next >>> BLOCK_SHIFT);
                if ((next & ((1L << BLOCK_SHIFT) - 1)) == 0) {
                    base[block] = edges;
                    long blockEnd = (long) (block + 1) << BLOCK_SHIFT;
                    if (blockEnd <= to) {  // the whole block starts at the same position: deltas stay 0
                        next = Math.min(blockEnd, to);
                        continue;
                    }
                }
                long d = edges - base[block];
                if (d > 0xFFFF_FFFFL) {
                    throw new IllegalStateException("more than 2^32 references within the 4096 objects from "
                            + ((long) block << BLOCK_SHIFT) + ": not supported");
                }
                if (d != 0) delta.set(next, (int) d);
                next++;
            }
        }
    }
}

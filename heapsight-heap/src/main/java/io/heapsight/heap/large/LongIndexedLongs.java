package io.heapsight.heap.large;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * A long array addressed by long, like {@link LongIndexedInts}: for the per-object long columns past 2^31 objects
 * (record offsets, sorted object ids; docs/design.md).
 */
public final class LongIndexedLongs implements AutoCloseable {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);
    private final Arena arena;
    private final MemorySegment segment;
    private final long length;

    private LongIndexedLongs(Arena arena, MemorySegment segment, long length) {
        this.arena = arena;
        this.segment = segment;
        this.length = length;
    }

    /** Off-heap, zeroed (the pages are touched: for sizes that fit in memory). */
    public static LongIndexedLongs allocate(long length) {
        Arena arena = Arena.ofShared();
        return new LongIndexedLongs(arena, arena.allocate(checked(length) * Long.BYTES, Long.BYTES), length);
    }

    /** Mapped read-write from a new file of length ints, all zero until written (the file is sparse). */
    public static LongIndexedLongs createMapped(Path file, long length) throws IOException {
        Arena arena = Arena.ofShared();
        try {
            return new LongIndexedLongs(arena, MappedFiles.createMapped(file, checked(length) * Long.BYTES, arena), length);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    public long length() {
        return length;
    }

    public long get(long i) {
        return segment.getAtIndex(LONG, i);
    }

    public void set(long i, long value) {
        segment.setAtIndex(LONG, i, value);
    }

    private static long checked(long length) {
        if (length < 0 || length > Long.MAX_VALUE / Long.BYTES) throw new IllegalArgumentException("bad length " + length);
        return length;
    }

    /** Unmaps or frees the memory; any later access fails. */
    @Override
    public void close() {
        arena.close();
    }
}

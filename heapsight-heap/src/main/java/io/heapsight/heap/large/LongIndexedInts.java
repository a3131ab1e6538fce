package io.heapsight.heap.large;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * An int array addressed by long, past Java's 2^31 array limit: a MemorySegment, off-heap (no GC headroom) or
 * mapped from a file, where untouched pages of a new file cost neither memory nor disk (sparse). Little-endian,
 * as the index files. For the model past 2^31 objects (docs/design.md): per-object int columns (class, size,
 * edge-offset deltas) and the edge array.
 */
public final class LongIndexedInts implements AutoCloseable {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private final Arena arena;
    private final MemorySegment segment;
    private final long length;

    private LongIndexedInts(Arena arena, MemorySegment segment, long length) {
        this.arena = arena;
        this.segment = segment;
        this.length = length;
    }

    /** Off-heap, zeroed (the pages are touched: for sizes that fit in memory). */
    public static LongIndexedInts allocate(long length) {
        Arena arena = Arena.ofShared();
        return new LongIndexedInts(arena, arena.allocate(checked(length) * Integer.BYTES, Integer.BYTES), length);
    }

    /** Mapped read-write from a new file of length ints, all zero until written (the file is sparse). */
    public static LongIndexedInts createMapped(Path file, long length) throws IOException {
        Arena arena = Arena.ofShared();
        try {
            return new LongIndexedInts(arena, MappedFiles.createMapped(file, checked(length) * Integer.BYTES, arena), length);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    public long length() {
        return length;
    }

    public int get(long i) {
        return segment.getAtIndex(INT, i);
    }

    public void set(long i, int value) {
        segment.setAtIndex(INT, i, value);
    }

    private static long checked(long length) {
        if (length < 0 || length > Long.MAX_VALUE / Integer.BYTES) throw new IllegalArgumentException("bad length " + length);
        return length;
    }

    /** Unmaps or frees the memory; any later access fails. */
    @Override
    public void close() {
        arena.close();
    }
}

package io.heapsight.heap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Record offsets and the id lookup read straight from the index file by positional reads, instead of 600 MB of
 * arrays for 30M objects: reports look up a few thousand objects at most, each costing a few reads from the page
 * cache (an id lookup is a binary search: about 25 reads).
 */
final class DiskLookups implements AutoCloseable {
    private final FileChannel ch;
    private final int n;
    private final long offsetsAt;
    private final long idsAt;
    private final long permAt; // -1: ids were in file order
    private final ThreadLocal<ByteBuffer> buf = ThreadLocal.withInitial(() -> ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN));

    /** {@code lookupsAt}: where SnapshotIndex wrote the offsets array (its length first), then sorted ids, then the permutation. */
    DiskLookups(Path file, long lookupsAt, int n) throws IOException {
        this(FileChannel.open(file, StandardOpenOption.READ), lookupsAt, n);
    }

    /** Over a channel already open (and checked); closing these lookups closes it. */
    DiskLookups(FileChannel ch, long lookupsAt, int n) {
        this.ch = ch;
        this.n = n;
        this.offsetsAt = lookupsAt + 8;
        this.idsAt = offsetsAt + 8L * n + 8;
        long flagAt = idsAt + 8L * n;
        this.permAt = readLong(flagAt) == 1 ? flagAt + 16 : -1;
    }

    private long readLong(long pos) {
        ByteBuffer b = buf.get().clear();
        try {
            while (b.hasRemaining()) {
                if (ch.read(b, pos + b.position()) < 0) throw new IOException("index file is truncated");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the index file: " + e.getMessage(), e);
        }
        return b.getLong(0);
    }

    private int readInt(long pos) {
        ByteBuffer b = buf.get().clear().limit(4);
        try {
            while (b.hasRemaining()) {
                if (ch.read(b, pos + b.position()) < 0) throw new IOException("index file is truncated");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the index file: " + e.getMessage(), e);
        }
        return b.getInt(0);
    }

    long recordOffset(int obj) {
        return readLong(offsetsAt + 8L * obj);
    }

    boolean hasPermutation() {
        return permAt >= 0;
    }

    /** The id of an object when ids were in file order (no permutation). */
    long idInFileOrder(int obj) {
        return readLong(idsAt + 8L * obj);
    }

    int indexOf(long id) {
        int lo = 0, hi = n - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long v = readLong(idsAt + 8L * mid);
            if (v < id) lo = mid + 1;
            else if (v > id) hi = mid - 1;
            else return permAt < 0 ? mid : readInt(permAt + 4L * mid);
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}

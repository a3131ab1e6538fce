package io.heapsight.heap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Record offsets and the id lookup read from the index file instead of 600 MB of arrays for 30M objects: each is a
 * varint column in blocks of {@value VarintColumn#BLOCK} values (the block's first value whole, then deltas), so a
 * lookup reads and decodes one block of at most 640 bytes. Reports look up a few thousand objects at most. An id lookup
 * is a binary search over the first id of every block (kept in memory: 8 bytes per 64 objects), then one block.
 *
 * <p>The layout at {@code lookupsAt}: object count, the ids' shift (ids sorted, their deltas shifted right by the
 * trailing zero bits all deltas share), a permutation flag, the offsets column, the sorted-ids column, the first id
 * of every block (longs), and when ids were not in file order the permutation column (sorted position to object).
 * Every value decoded is checked before use (offsets inside the dump, ids not decreasing, permutation entries object
 * indexes); {@link #validate} checks all of them once when an index is opened.</p>
 */
final class DiskLookups implements AutoCloseable {
    private final FileChannel ch;
    private final int n;
    private final long plainSize;
    private final int idShift;
    private final VarintColumn offsets;
    private final VarintColumn ids;
    private final long[] firstIds;
    private final VarintColumn perm; // null: ids were in file order
    private final long end;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        final long[] values = new long[VarintColumn.BLOCK];
        final ByteBuffer bytes = VarintColumn.blockScratch();
    }

    /** Opens the file by name (after the index was just written). */
    static DiskLookups open(Path file, long lookupsAt, int n, long plainSize) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return open(ch, lookupsAt, n, plainSize);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Over a channel already open (and checked); closing these lookups closes it. */
    static DiskLookups open(FileChannel ch, long lookupsAt, int n, long plainSize) throws IOException {
        IndexIO io = new IndexIO(ch, lookupsAt);
        if (io.readLong() != n) throw new IndexChecks.Refused("object count differs in the lookups");
        long shift = io.readLong();
        long flag = io.readLong();
        if (shift < 0 || shift > 63 || (flag != 0 && flag != 1)) throw new IndexChecks.Refused("bad id encoding");
        VarintColumn offsets = io.readColumn(n, true);
        VarintColumn ids = io.readColumn(n, true);
        long[] firstIds = io.readLongs(ids.blocks());
        for (int b = 1; b < firstIds.length; b++) if (firstIds[b] < firstIds[b - 1]) throw new IndexChecks.Refused("ids out of order");
        VarintColumn perm = flag == 1 ? io.readColumn(n, true) : null;
        return new DiskLookups(ch, n, plainSize, (int) shift, offsets, ids, firstIds, perm, io.position());
    }

    private DiskLookups(FileChannel ch, int n, long plainSize, int idShift, VarintColumn offsets, VarintColumn ids, long[] firstIds,
                        VarintColumn perm, long end) {
        this.end = end;
        this.ch = ch;
        this.n = n;
        this.plainSize = plainSize;
        this.idShift = idShift;
        this.offsets = offsets;
        this.ids = ids;
        this.firstIds = firstIds;
        this.perm = perm;
    }

    /** Values encoded per bulk call: a multiple of the block, so a chunk's blocks start at multiples of the block. */
    private static final int CHUNK = 64 * VarintColumn.BLOCK;

    /** Writes the lookups in the layout read above: offsets in file order, ids sorted, the permutation or null. */
    static void write(IndexIO io, int n, RecordOffsets recordOffsets, IdIndex ids) throws IOException {
        int shift = ids.deltaShift();
        boolean permutation = ids.hasPermutation();
        io.writeLong(n);
        io.writeLong(shift);
        io.writeLong(permutation ? 1 : 0);
        long[] values = new long[CHUNK];
        VarintColumn.Writer w = io.column(n, true);
        for (int from = 0; from < n; from += CHUNK) {
            int k = Math.min(CHUNK, n - from);
            recordOffsets.get(from, values, k);
            // each block's first offset whole, then the differences, from the end so each is taken before it changes
            for (int j = k - 1; j > 0; j--) if (j % VarintColumn.BLOCK != 0) values[j] -= values[j - 1];
            w.put(values, 0, k);
        }
        w.finish();
        w = io.column(n, true);
        long[] first = new long[(n + VarintColumn.BLOCK - 1) / VarintColumn.BLOCK];
        IdIndex.Cursor sorted = ids.ascending();
        long previousId = 0;
        for (int from = 0, k; from < n && (k = sorted.next(values, null, Math.min(CHUNK, n - from))) > 0; from += k) {
            for (int j = 0; j < k; j++) {
                long id = values[j];
                if ((from + j) % VarintColumn.BLOCK == 0) {
                    first[(from + j) / VarintColumn.BLOCK] = id;
                    values[j] = VarintColumn.zigzag(id);
                } else {
                    values[j] = (id - previousId) >>> shift;
                }
                previousId = id;
            }
            w.put(values, 0, k);
        }
        w.finish();
        io.writeLongs(first, first.length);
        if (permutation) {
            w = io.column(n, true);
            sorted = ids.ascending();
            int[] objects = new int[CHUNK];
            int previousObject = 0;
            for (int from = 0, k; from < n && (k = sorted.next(null, objects, Math.min(CHUNK, n - from))) > 0; from += k) {
                for (int j = 0; j < k; j++) {
                    int object = objects[j];
                    values[j] = (from + j) % VarintColumn.BLOCK == 0 ? object : VarintColumn.zigzag((long) object - previousObject - 1);
                    previousObject = object;
                }
                w.put(values, 0, k);
            }
            w.finish();
        }
    }

    /** Where the lookups end in the file (what follows them starts there). */
    long end() {
        return end;
    }

    private static IOException corrupt(String what) {
        return new IndexChecks.Refused(what);
    }

    /** Block b of the offsets, absolute and checked: each inside the dump, increasing. Returns the value count. */
    private int offsetsBlock(int b, long[] out, ByteBuffer buf) throws IOException {
        int k = offsets.readBlock(b, out, buf);
        checkOffsets(out, k);
        return k;
    }

    private void checkOffsets(long[] out, int k) throws IOException {
        long prev = out[0];
        if (prev <= 0 || prev >= plainSize) throw corrupt("record offset outside the dump");
        for (int j = 1; j < k; j++) {
            long d = out[j];
            if (d <= 0 || d >= plainSize - prev) throw corrupt("record offset outside the dump");
            out[j] = prev += d;
        }
    }

    /** Block b of the sorted ids, absolute and checked: not decreasing, starting at the block's recorded first id. */
    private int idsBlock(int b, long[] out, ByteBuffer buf) throws IOException {
        int k = ids.readBlock(b, out, buf);
        checkIds(b, out, k);
        return k;
    }

    private void checkIds(int b, long[] out, int k) throws IOException {
        long prev = VarintColumn.unzigzag(out[0]);
        if (prev != firstIds[b]) throw corrupt("ids do not match their block table");
        out[0] = prev;
        for (int j = 1; j < k; j++) {
            long d = out[j];
            long step = d << idShift;
            if (step >>> idShift != d) throw corrupt("id delta too large");
            long next = prev + step; // exact unless the sum passes Long.MAX_VALUE, which the comparison catches
            if (next < prev) throw corrupt("ids out of order");
            out[j] = prev = next;
        }
        if (b + 1 < firstIds.length && firstIds[b + 1] < prev) throw corrupt("ids out of order");
    }

    /** Block b of the permutation, absolute and checked: object indexes. */
    private int permBlock(int b, long[] out, ByteBuffer buf) throws IOException {
        int k = perm.readBlock(b, out, buf);
        checkPerm(out, k);
        return k;
    }

    private void checkPerm(long[] out, int k) throws IOException {
        long prev = out[0];
        if (prev < 0 || prev >= n) throw corrupt("permutation entry out of range");
        for (int j = 1; j < k; j++) {
            long v = prev + 1 + VarintColumn.unzigzag(out[j]);
            if (v < 0 || v >= n) throw corrupt("permutation entry out of range");
            out[j] = prev = v;
        }
    }

    /**
     * Checks every value once, reading each column in sequence (opening an index: anything off and it is rebuilt,
     * before any report uses it), and that each block starts where the block table says.
     */
    void validate() throws IOException {
        long[] values = new long[VarintColumn.BLOCK];
        VarintColumn.Decoder o = offsets.decoder(), i = ids.decoder(), p = perm == null ? null : perm.decoder();
        for (int b = 0; b < offsets.blocks(); b++) {
            int k = (int) Math.min(VarintColumn.BLOCK, n - (long) b * VarintColumn.BLOCK);
            if (o.consumed() != offsets.blockStart(b) || i.consumed() != ids.blockStart(b)
                    || (p != null && p.consumed() != perm.blockStart(b))) {
                throw corrupt("block table does not match its column");
            }
            o.longs(values, 0, k);
            checkOffsets(values, k);
            i.longs(values, 0, k);
            checkIds(b, values, k);
            if (p != null) {
                p.longs(values, 0, k);
                checkPerm(values, k);
            }
        }
        o.finish();
        i.finish();
        if (p != null) p.finish();
    }

    private static UncheckedIOException unreadable(IOException e) {
        return new UncheckedIOException("cannot read the index file: " + e.getMessage(), e);
    }

    long recordOffset(int obj) {
        Scratch s = scratch.get();
        try {
            offsetsBlock(obj / VarintColumn.BLOCK, s.values, s.bytes);
        } catch (IOException e) {
            throw unreadable(e);
        }
        return s.values[obj % VarintColumn.BLOCK];
    }

    boolean hasPermutation() {
        return perm != null;
    }

    /** The id of an object when ids were in file order (no permutation). */
    long idInFileOrder(int obj) {
        Scratch s = scratch.get();
        try {
            idsBlock(obj / VarintColumn.BLOCK, s.values, s.bytes);
        } catch (IOException e) {
            throw unreadable(e);
        }
        return s.values[obj % VarintColumn.BLOCK];
    }

    /** The object with this id (its first occurrence in id order), or -1. */
    int indexOf(long id) {
        if (n == 0 || id < firstIds[0]) return -1;
        // the last block whose first id is below id holds its first occurrence, or else the next block starts with it
        int lo = 0, hi = firstIds.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (firstIds[mid] < id) lo = mid;
            else hi = mid - 1;
        }
        Scratch s = scratch.get();
        try {
            for (int b = lo; b <= lo + 1 && b < firstIds.length; b++) {
                int k = idsBlock(b, s.values, s.bytes);
                for (int j = 0; j < k; j++) {
                    if (s.values[j] == id) {
                        if (perm == null) return b * VarintColumn.BLOCK + j;
                        permBlock(b, s.values, s.bytes);
                        return (int) s.values[j];
                    }
                    if (s.values[j] > id) return -1;
                }
            }
        } catch (IOException e) {
            throw unreadable(e);
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}

package io.heapsight.heap;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * A column of unsigned LEB128 varints in an index file: its value count, its byte length, the bytes and, for a column
 * read at random (record offsets, ids), where every {@value #BLOCK}th value starts. Writers store small numbers by
 * construction (deltas, ranks, counts), so most values take one byte.
 *
 * <p>Reading is bounded whatever the file holds: a count is at most the column's bytes (a value takes at least one),
 * the bytes lie inside the file, a value takes at most 10 bytes with no bit beyond the 64th and no redundant zero
 * byte at its end (over-long forms are refused), a block table is increasing with blocks of at most 10 bytes a value,
 * and no decoder reads past its column. Whether the values make sense is the caller's check.</p>
 */
public final class VarintColumn {
    /** Values per block of a random-access column. */
    public static final int BLOCK = 64;
    private static final int MAX_VARINT = 10;

    private final FileChannel ch;
    private final long start;
    private final long bytes;
    private final long count;
    /** Where block b starts, relative to {@link #start}; null for a column read only in sequence. */
    private final long[] blockStarts;

    private VarintColumn(FileChannel ch, long start, long bytes, long count, long[] blockStarts) {
        this.ch = ch;
        this.start = start;
        this.bytes = bytes;
        this.count = count;
        this.blockStarts = blockStarts;
    }

    public long count() { return count; }
    /** The column's size in the file, header and block table included. */
    public long fileBytes() { return 16 + bytes + (blockStarts == null ? 0 : 8 + 8L * blockStarts.length); }

    /** A zigzag code: small magnitudes of either sign become small unsigned numbers. */
    public static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    public static long unzigzag(long z) {
        return (z >>> 1) ^ -(z & 1);
    }

    static IOException corrupt(String what) {
        return new IndexChecks.Refused("corrupt varint column (" + what + ")");
    }

    /**
     * Reads a column's header at the reader's position and moves past the column. {@code expectedCount}, when not
     * negative, must be the count the file states.
     */
    static VarintColumn read(IndexIO io, long expectedCount, boolean indexed) throws IOException {
        long count = io.readLong();
        long bytes = io.readLong();
        long size = io.channel().size();
        if (count < 0 || bytes < 0 || (expectedCount >= 0 && count != expectedCount)) throw corrupt("count");
        if (bytes > size - io.position() || count > bytes) throw corrupt("length");
        long start = io.position();
        io.skip(bytes);
        long[] blocks = null;
        if (indexed) {
            long n = (count + BLOCK - 1) / BLOCK;
            blocks = io.readLongs(n);
            long last = -1;
            for (int b = 0; b < n; b++) {
                long at = blocks[b];
                // a block starts after the previous one, holding at least one byte and at most 10 bytes a value
                if (b == 0 ? at != 0 : at - last < BLOCK || at - last > (long) BLOCK * MAX_VARINT || at >= bytes) throw corrupt("block table");
                last = at;
            }
            if (n > 0 && (bytes - last < count - (n - 1) * BLOCK || bytes - last > (count - (n - 1) * BLOCK) * MAX_VARINT)) {
                throw corrupt("last block");
            }
        }
        return new VarintColumn(io.channel(), start, bytes, count, blocks);
    }

    /** Reads every value in order. */
    public Decoder decoder() {
        return new Decoder(ch, start, bytes, count);
    }

    public int blocks() {
        return blockStarts.length;
    }

    /** Where block b starts, in bytes from the column's first value. */
    public long blockStart(int b) {
        return blockStarts[b];
    }

    /**
     * Decodes block b into {@code out} (at least {@value #BLOCK} long), reading through {@code scratch} (at least
     * {@value #BLOCK} * 10 bytes); returns how many values it holds. Every value of the block must decode exactly.
     */
    public int readBlock(int b, long[] out, ByteBuffer scratch) throws IOException {
        long from = blockStarts[b];
        long to = b + 1 < blockStarts.length ? blockStarts[b + 1] : bytes;
        int values = (int) Math.min(BLOCK, count - (long) b * BLOCK);
        scratch.clear().limit((int) (to - from));
        while (scratch.hasRemaining()) {
            if (ch.read(scratch, start + from + scratch.position()) < 0) throw new IOException("index file is truncated");
        }
        byte[] a = scratch.array();
        int p = scratch.arrayOffset(), end = p + (int) (to - from);
        for (int i = 0; i < values; i++) {
            long v = 0;
            int shift = 0;
            while (true) {
                if (p >= end) throw corrupt("block ends inside a value");
                byte x = a[p++];
                v |= (long) (x & 0x7F) << shift;
                if (x >= 0) {
                    if (shift > 0 && (x == 0 || (shift == 63 && x > 1))) throw corrupt("over-long value");
                    break;
                }
                shift += 7;
                if (shift > 63) throw corrupt("over-long value");
            }
            out[i] = v;
        }
        if (p != end) throw corrupt("block longer than its values");
        return values;
    }

    /** A scratch buffer for {@link #readBlock}. */
    public static ByteBuffer blockScratch() {
        return ByteBuffer.allocate(BLOCK * MAX_VARINT);
    }

    /** Sequential reading through a heap buffer, refilled from the file in slices. */
    public static final class Decoder {
        private static final int SLICE = 1 << 20;
        private final FileChannel ch;
        private final long start;
        private final long end;
        private long filePos;
        private long left;
        private final byte[] buf;
        private final ByteBuffer bb;
        private int p, lim;

        Decoder(FileChannel ch, long start, long bytes, long count) {
            this.ch = ch;
            this.start = start;
            this.filePos = start;
            this.end = start + bytes;
            this.left = count;
            this.buf = new byte[(int) Math.min(SLICE, Math.max(bytes, 16))];
            this.bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        }

        private void refill() throws IOException {
            int keep = lim - p;
            System.arraycopy(buf, p, buf, 0, keep);
            p = 0;
            lim = keep;
            int want = (int) Math.min(buf.length - keep, end - filePos);
            bb.clear().position(keep).limit(keep + want);
            while (bb.hasRemaining()) {
                int r = ch.read(bb, filePos);
                if (r < 0) throw new IOException("index file is truncated");
                filePos += r;
            }
            lim = keep + want;
        }

        /** The next value; refused when the column has no more values or its bytes end inside one. */
        public long next() throws IOException {
            if (left-- <= 0) throw corrupt("more values read than stored");
            if (lim - p < MAX_VARINT && filePos < end) refill();
            if (p >= lim) throw corrupt("ends early");
            byte x = buf[p++];
            if (x >= 0) return x;
            long v = x & 0x7F;
            int shift = 7;
            while (true) {
                if (p >= lim) throw corrupt("ends inside a value");
                x = buf[p++];
                v |= (long) (x & 0x7F) << shift;
                if (x >= 0) {
                    if (x == 0 || (shift == 63 && x > 1)) throw corrupt("over-long value");
                    return v;
                }
                shift += 7;
                if (shift > 63) throw corrupt("over-long value");
            }
        }

        /** Bytes of the column consumed so far. */
        public long consumed() {
            return filePos - start - (lim - p);
        }

        /** The next {@code len} values into {@code out} from {@code off}, each at most {@code max}. */
        public void ints(int[] out, int off, int len, int max) throws IOException {
            if (len > left) throw corrupt("more values read than stored");
            left -= len;
            int i = off, stop = off + len;
            byte[] b = buf;
            while (i < stop) {
                if (lim - p < MAX_VARINT && filePos < end) refill();
                int q = p, safe = lim - MAX_VARINT;
                // fast path: at least 10 bytes ahead, so no value can run past the buffer
                while (i < stop && q <= safe) {
                    int x = b[q++];
                    if (x >= 0) {
                        if (x > max) throw new IndexChecks.Refused("value out of range");
                        out[i++] = x;
                        continue;
                    }
                    long v = x & 0x7F;
                    int shift = 7;
                    while (true) {
                        x = b[q++];
                        v |= (long) (x & 0x7F) << shift;
                        if (x >= 0) break;
                        shift += 7;
                        if (shift > 35) throw new IndexChecks.Refused("value out of range");
                    }
                    if (x == 0) throw corrupt("over-long value");
                    if (v > max) throw new IndexChecks.Refused("value out of range");
                    out[i++] = (int) v;
                }
                p = q;
                if (i < stop && lim - p < MAX_VARINT && filePos >= end) {
                    left++;
                    long v = next();
                    if (v > max) throw new IndexChecks.Refused("value out of range");
                    out[i++] = (int) v;
                }
            }
        }

        /** The next {@code len} values into {@code out} from {@code off}. */
        public void longs(long[] out, int off, int len) throws IOException {
            if (len > left) throw corrupt("more values read than stored");
            left -= len;
            int i = off, stop = off + len;
            byte[] b = buf;
            while (i < stop) {
                if (lim - p < MAX_VARINT && filePos < end) refill();
                int q = p, safe = lim - MAX_VARINT;
                while (i < stop && q <= safe) {
                    int x = b[q++];
                    if (x >= 0) {
                        out[i++] = x;
                        continue;
                    }
                    long v = x & 0x7F;
                    int shift = 7;
                    while (true) {
                        x = b[q++];
                        v |= (long) (x & 0x7F) << shift;
                        if (x >= 0) break;
                        shift += 7;
                        if (shift > 63) throw corrupt("over-long value");
                    }
                    if (x == 0 || (shift == 63 && x > 1)) throw corrupt("over-long value");
                    out[i++] = v;
                }
                p = q;
                if (i < stop && lim - p < MAX_VARINT && filePos >= end) {
                    left++;
                    out[i++] = next();
                }
            }
        }

        /** The next value, which must be at most {@code max}. */
        public int nextInt(int max) throws IOException {
            long v = next();
            if (v > max) throw new IndexChecks.Refused("value out of range");
            return (int) v;
        }

        /** Refused unless every value and every byte was read. */
        public void finish() throws IOException {
            if (left != 0 || p != lim || filePos != end) throw corrupt("bytes left over");
        }
    }

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** Encodes one value at {@code p} (at least 10 bytes free there); returns the position after it. */
    static int encode(byte[] b, int p, long v) {
        while ((v & ~0x7FL) != 0) {
            b[p++] = (byte) (v | 0x80);
            v >>>= 7;
        }
        b[p++] = (byte) v;
        return p;
    }

    /** By the leading zero bits of a value below 2^28: its length in bytes, and its continuation bits. */
    private static final byte[] LENGTH_BY_ZEROS = new byte[33];
    private static final int[] CONTINUATION_BY_ZEROS = new int[33];

    static {
        for (int z = 0; z <= 32; z++) {
            int len = Math.min(4, (Math.max(1, 32 - z) + 6) / 7);
            LENGTH_BY_ZEROS[z] = (byte) len;
            CONTINUATION_BY_ZEROS[z] = 0x8080_8080 & ((1 << (8 * len - 8)) - 1);
        }
    }

    /**
     * Encodes {@code v[from, to)} at {@code p} (at least 10 bytes free there per value); returns the position after
     * them. The loop encoding byte by byte mispredicts a branch whenever the lengths vary (offsets and deltas are mostly
     * one byte, often two), so: a run of values all below 128 is copied a byte each; otherwise a value below 2^28 is
     * spread into 7-bit groups in three arithmetic steps, its continuation bits and length taken from a table by its
     * leading zeros, and stored as 4 bytes of which the position moves by its length (the rest is overwritten by the
     * next value or lies past the end); only larger values go byte by byte.
     */
    static int encode(byte[] b, int p, long[] v, int from, int to) {
        long or = 0;
        for (int i = from; i < to; i++) or |= v[i];
        if ((or & ~0x7FL) == 0) {
            for (int i = from; i < to; i++) b[p + i - from] = (byte) v[i];
            return p + to - from;
        }
        for (int i = from; i < to; i++) {
            long x = v[i];
            if (x >>> 28 != 0) {
                p = encode(b, p, x);
                continue;
            }
            int y = (int) x;
            int z = Integer.numberOfLeadingZeros(y);
            // each step moves the groups above the low ones up by one bit: group g ends up at bit 8g
            int s = y + (y & ~0x7F);
            s += s & ~0x7FFF;
            s += s & ~0x7F_FFFF;
            INT_LE.set(b, p, s | CONTINUATION_BY_ZEROS[z]);
            p += LENGTH_BY_ZEROS[z];
        }
        return p;
    }

    /** Writes a column at the writer's position: header, values through a buffer, then the block table. */
    public static final class Writer {
        private final IndexIO io;
        private final long headerAt;
        private final long count;
        private final GrowableLongs blocks;
        private final byte[] buf = new byte[1 << 20];
        private int pos;
        private long flushed;
        private long written;

        Writer(IndexIO io, long count, boolean indexed) throws IOException {
            this.io = io;
            this.count = count;
            this.headerAt = io.position();
            io.writeLong(count);
            io.writeLong(0); // the byte length, written at the end
            this.blocks = indexed ? new GrowableLongs() : null;
        }

        public void put(long v) throws IOException {
            if (blocks != null && (written & (BLOCK - 1)) == 0) blocks.add(flushed + pos);
            written++;
            if (pos > buf.length - MAX_VARINT) flush();
            pos = encode(buf, pos, v);
        }

        /**
         * Appends {@code values[off, off + len)}: the same bytes as {@link #put(long)} for each, without a call, a block
         * check and a flush check per value. They are taken up to the next block boundary at a time, so the block table
         * and the flush are handled once per {@value #BLOCK} values.
         */
        public void put(long[] values, int off, int len) throws IOException {
            for (int i = off, end = off + len; i < end; ) {
                int inBlock = BLOCK - (int) (written & (BLOCK - 1));
                int k = Math.min(end - i, inBlock);
                if (pos > buf.length - k * MAX_VARINT) flush();
                if (blocks != null && inBlock == BLOCK) blocks.add(flushed + pos);
                pos = encode(buf, pos, values, i, i + k);
                written += k;
                i += k;
            }
        }

        private void flush() throws IOException {
            flushed += pos;
            io.writeRaw(ByteBuffer.wrap(buf, 0, pos));
            pos = 0;
        }

        public void finish() throws IOException {
            if (written != count) throw new IllegalStateException("column of " + count + " values got " + written);
            flush();
            io.patchLong(headerAt + 8, flushed);
            if (blocks != null) {
                long[] table = blocks.toArrayAndClear();
                io.writeLongs(table, table.length);
            }
        }
    }
}

package io.heapsight.hprof;

import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * Big-endian sequential reader over a file channel with a large byte[] buffer, for walking records.
 * Streamed rather than memory-mapped so that reading a multi-GB dump does not count its pages in our RSS; a plain
 * array with VarHandle views because it is several times faster per read than a direct ByteBuffer here.
 * Reading past the end throws {@link EOFException}: callers treat that as a truncated dump.
 */
public final class RecordInput {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

    private final FileChannel channel;
    private final long fileSize;
    private final byte[] buf;
    private final int idSize;
    /** File position of buf[0]. */
    private long bufStart;
    private int pos;
    private int limit;

    public RecordInput(FileChannel channel, int idSize, int bufferSize) throws IOException {
        this.channel = channel;
        this.fileSize = channel.size();
        this.idSize = idSize;
        // no bigger than the file: a tiny dump read by eight threads must not cost eight 8 MB buffers
        this.buf = new byte[(int) Math.max(1, Math.min(bufferSize, Math.max(1 << 16, fileSize)))];
    }

    public static long readLong(byte[] a, int off) {
        return (long) LONG.get(a, off);
    }

    public static int readInt(byte[] a, int off) {
        return (int) INT.get(a, off);
    }

    /** Reads an id of the given size at an offset of an array. */
    public static long readId(byte[] a, int off, int idSize) {
        return idSize == 8 ? (long) LONG.get(a, off) : ((int) INT.get(a, off)) & 0xFFFF_FFFFL;
    }

    public int idSize() {
        return idSize;
    }

    public long fileSize() {
        return fileSize;
    }

    public long position() {
        return bufStart + pos;
    }

    public void seek(long target) {
        if (target >= bufStart && target <= bufStart + limit) {
            pos = (int) (target - bufStart);
            return;
        }
        bufStart = target;
        pos = 0;
        limit = 0;
    }

    public void skip(long n) throws IOException {
        if (n < 0) {
            throw new HprofFormatException("negative length " + n, position());
        }
        long target = position() + n;
        if (target > fileSize) {
            seek(fileSize);
            throw new EOFException("record runs past the end of the file");
        }
        seek(target);
    }

    /** Makes at least n bytes available from {@link #arrayOffset()} (n must not exceed the buffer capacity). */
    public void ensure(int n) throws IOException {
        if (limit - pos >= n) {
            return;
        }
        int remaining = limit - pos;
        System.arraycopy(buf, pos, buf, 0, remaining);
        bufStart += pos;
        pos = 0;
        limit = remaining;
        ByteBuffer bb = ByteBuffer.wrap(buf);
        while (limit < buf.length) {
            bb.limit(buf.length).position(limit);
            int r = channel.read(bb, bufStart + limit);
            if (r <= 0) break;
            limit += r;
        }
        if (limit < n) {
            throw new EOFException("unexpected end of file");
        }
    }

    public int remainingInBuffer() {
        return limit - pos;
    }

    public int capacity() {
        return buf.length;
    }

    public int u1() throws IOException {
        if (pos >= limit) ensure(1);
        return buf[pos++] & 0xFF;
    }

    public int u2() throws IOException {
        if (limit - pos < 2) ensure(2);
        int v = (short) SHORT.get(buf, pos) & 0xFFFF;
        pos += 2;
        return v;
    }

    public int i4() throws IOException {
        if (limit - pos < 4) ensure(4);
        int v = (int) INT.get(buf, pos);
        pos += 4;
        return v;
    }

    public long u4() throws IOException {
        return i4() & 0xFFFF_FFFFL;
    }

    public long i8() throws IOException {
        if (limit - pos < 8) ensure(8);
        long v = (long) LONG.get(buf, pos);
        pos += 8;
        return v;
    }

    public long id() throws IOException {
        if (idSize == 8) {
            return i8();
        }
        return i4() & 0xFFFF_FFFFL;
    }

    /** Reads a value of the given basic type as raw bits (object ids, ints, longs, float/double bits). */
    public long value(int type) throws IOException {
        return switch (type) {
            case BasicType.OBJECT -> id();
            case BasicType.BOOLEAN, BasicType.BYTE -> (byte) u1();
            case BasicType.CHAR -> u2();
            case BasicType.SHORT -> (short) u2();
            case BasicType.FLOAT, BasicType.INT -> i4();
            case BasicType.DOUBLE, BasicType.LONG -> i8();
            default -> throw new HprofFormatException("unknown basic type " + type, position());
        };
    }

    public void readFully(byte[] dst, int off, int len) throws IOException {
        while (len > 0) {
            if (pos >= limit) ensure(1);
            int k = Math.min(len, limit - pos);
            System.arraycopy(buf, pos, dst, off, k);
            pos += k;
            off += k;
            len -= k;
        }
    }

    /** The buffer, for hot loops: valid from {@link #arrayOffset()} for as many bytes as {@link #ensure(int)} made available. */
    public byte[] array() {
        return buf;
    }

    public int arrayOffset() {
        return pos;
    }

    /** Moves past n bytes already made available by {@link #ensure(int)}. */
    public void advance(int n) {
        pos += n;
    }
}

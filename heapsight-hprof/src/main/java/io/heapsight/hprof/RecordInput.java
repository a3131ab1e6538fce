package io.heapsight.hprof;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * Big-endian sequential reader over a file channel with a large buffer, for walking records.
 * Streamed rather than memory-mapped so that reading a multi-GB dump does not count its pages in our RSS.
 * Reading past the end throws {@link EOFException}: callers treat that as a truncated dump.
 */
public final class RecordInput {
    private final FileChannel channel;
    private final long fileSize;
    private final ByteBuffer buf;
    private final int idSize;
    /** File position of buf[0]. */
    private long bufStart;

    public RecordInput(FileChannel channel, int idSize, int bufferSize) throws IOException {
        this.channel = channel;
        this.fileSize = channel.size();
        this.idSize = idSize;
        this.buf = ByteBuffer.allocateDirect(bufferSize).order(ByteOrder.BIG_ENDIAN);
        this.buf.limit(0);
    }

    public int idSize() {
        return idSize;
    }

    public long fileSize() {
        return fileSize;
    }

    public long position() {
        return bufStart + buf.position();
    }

    public void seek(long pos) throws IOException {
        if (pos >= bufStart && pos <= bufStart + buf.limit()) {
            buf.position((int) (pos - bufStart));
            return;
        }
        bufStart = pos;
        buf.clear().limit(0);
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

    /** Makes at least n bytes available in the buffer (n must not exceed the buffer capacity). */
    public void ensure(int n) throws IOException {
        if (buf.remaining() >= n) {
            return;
        }
        bufStart += buf.position();
        buf.compact();
        while (buf.position() < n) {
            int r = channel.read(buf, bufStart + buf.position());
            if (r < 0) {
                buf.flip();
                throw new EOFException("unexpected end of file");
            }
        }
        // read as much as fits now that we are here: fewer, larger reads
        while (buf.hasRemaining()) {
            int r = channel.read(buf, bufStart + buf.position());
            if (r <= 0) {
                break;
            }
        }
        buf.flip();
    }

    public int remainingInBuffer() {
        return buf.remaining();
    }

    public int capacity() {
        return buf.capacity();
    }

    public int u1() throws IOException {
        if (!buf.hasRemaining()) ensure(1);
        return buf.get() & 0xFF;
    }

    public int u2() throws IOException {
        if (buf.remaining() < 2) ensure(2);
        return buf.getShort() & 0xFFFF;
    }

    public int i4() throws IOException {
        if (buf.remaining() < 4) ensure(4);
        return buf.getInt();
    }

    public long u4() throws IOException {
        return i4() & 0xFFFF_FFFFL;
    }

    public long i8() throws IOException {
        if (buf.remaining() < 8) ensure(8);
        return buf.getLong();
    }

    public long id() throws IOException {
        if (idSize == 8) {
            if (buf.remaining() < 8) ensure(8);
            return buf.getLong();
        }
        if (buf.remaining() < 4) ensure(4);
        return buf.getInt() & 0xFFFF_FFFFL;
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
            if (!buf.hasRemaining()) ensure(1);
            int k = Math.min(len, buf.remaining());
            buf.get(dst, off, k);
            off += k;
            len -= k;
        }
    }

    /** Direct access to the buffer for hot loops: valid after {@link #ensure(int)}, position advanced by the caller. */
    public ByteBuffer buffer() {
        return buf;
    }
}

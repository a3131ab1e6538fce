package io.heapsight.heap;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * Bulk reads and writes of primitive arrays and small values on a file channel, for index files. Arrays move in
 * 8 MB slices through one buffer, so writing or reading a 30M-object index costs about what copying memory does.
 */
public final class IndexIO {
    private static final int SLICE = 8 << 20;
    private final FileChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(SLICE).order(ByteOrder.LITTLE_ENDIAN);
    private long pos;

    public IndexIO(FileChannel ch, long start) {
        this.ch = ch;
        this.pos = start;
    }

    public long position() {
        return pos;
    }

    FileChannel channel() {
        return ch;
    }

    void skip(long bytes) {
        pos += bytes;
    }

    /** Writes the buffer's remaining bytes at the position. */
    void writeRaw(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) pos += ch.write(b, pos);
    }

    /** Overwrites a long written earlier (a length known only at the end). */
    void patchLong(long at, long v) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, v);
        while (b.hasRemaining()) at += ch.write(b, at);
    }

    /** Starts a column of {@code count} varints here ({@link VarintColumn}); call its finish() before writing on. */
    public VarintColumn.Writer column(long count, boolean indexed) throws IOException {
        return new VarintColumn.Writer(this, count, indexed);
    }

    /** The column starting here (its header checked), moving past it; {@code count} -1 when any count will do. */
    public VarintColumn readColumn(long count, boolean indexed) throws IOException {
        return VarintColumn.read(this, count, indexed);
    }

    /** Reads an array of longs that must hold exactly {@code expected} values. */
    public long[] readLongs(long expected) throws IOException {
        long n = readLong();
        if (n != expected || n > Integer.MAX_VALUE - 16 || n * 8 > ch.size() - pos) throw new IOException("index file is corrupt (array length)");
        pos -= 8;
        return readLongs();
    }

    private void flush() throws IOException {
        buf.flip();
        while (buf.hasRemaining()) pos += ch.write(buf, pos);
        buf.clear();
    }

    private void fill(int need) throws IOException {
        buf.clear().limit(need);
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) throw new IOException("index file is truncated");
            pos += r;
        }
        buf.flip();
    }

    public void writeInts(int[] a, int n) throws IOException {
        writeLong(n);
        for (int i = 0; i < n; ) {
            int k = Math.min(n - i, SLICE / 4);
            buf.clear();
            buf.asIntBuffer().put(a, i, k);
            buf.position(k * 4);
            flush();
            i += k;
        }
    }

    public int[] readInts(int capacityAtLeast) throws IOException {
        long n = readLong();
        if (n < 0 || n > Integer.MAX_VALUE - 16 || n * 4 > ch.size() - pos) throw new IOException("index file is corrupt");
        int[] a = new int[(int) Math.max(n, capacityAtLeast)];
        for (int i = 0; i < n; ) {
            int k = (int) Math.min(n - i, SLICE / 4);
            fill(k * 4);
            buf.asIntBuffer().get(a, i, k);
            i += k;
        }
        return a;
    }

    public void writeLongs(long[] a, int n) throws IOException {
        writeLong(n);
        for (int i = 0; i < n; ) {
            int k = Math.min(n - i, SLICE / 8);
            buf.clear();
            buf.asLongBuffer().put(a, i, k);
            buf.position(k * 8);
            flush();
            i += k;
        }
    }

    public long[] readLongs() throws IOException {
        long n = readLong();
        if (n < 0 || n > Integer.MAX_VALUE - 16 || n * 8 > ch.size() - pos) throw new IOException("index file is corrupt");
        long[] a = new long[(int) n];
        for (int i = 0; i < n; ) {
            int k = (int) Math.min(n - i, SLICE / 8);
            fill(k * 8);
            buf.asLongBuffer().get(a, i, k);
            i += k;
        }
        return a;
    }

    public void writeLong(long v) throws IOException {
        buf.clear();
        buf.putLong(v);
        flush();
    }

    public long readLong() throws IOException {
        fill(8);
        return buf.getLong();
    }

    /** Small structured data (classes, roots) as one length-prefixed blob. */
    public void writeBlob(byte[] blob) throws IOException {
        writeLong(blob.length);
        ByteBuffer b = ByteBuffer.wrap(blob);
        while (b.hasRemaining()) pos += ch.write(b, pos);
    }

    public byte[] readBlob() throws IOException {
        long n = readLong();
        if (n < 0 || n > Integer.MAX_VALUE - 16 || n > ch.size() - pos) throw new IOException("index file is corrupt");
        byte[] out = new byte[(int) n];
        ByteBuffer b = ByteBuffer.wrap(out);
        while (b.hasRemaining()) {
            int r = ch.read(b, pos);
            if (r < 0) throw new IOException("index file is truncated");
            pos += r;
        }
        return out;
    }

    /** A count read from a blob, refused when the rest of the blob cannot hold that many items of at least minBytes. */
    static int boundedCount(DataInputStream in, int n, int minBytes) throws IOException {
        if (n < 0 || (long) n * minBytes > in.available()) throw new IOException("index file is corrupt (count " + n + ")");
        return n;
    }

    /** Helpers for blobs. */
    static void writeStrings(DataOutputStream out, String[] s) throws IOException {
        out.writeInt(s == null ? -1 : s.length);
        if (s != null) for (String x : s) out.writeUTF(x == null ? "" : x);
    }

    static String[] readStrings(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) return null;
        boundedCount(in, n, 2);
        String[] s = new String[n];
        for (int i = 0; i < n; i++) s[i] = in.readUTF();
        return s;
    }

    static void writeInts(DataOutputStream out, int[] a) throws IOException {
        out.writeInt(a == null ? -1 : a.length);
        if (a != null) for (int x : a) out.writeInt(x);
    }

    static int[] readInts(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) return null;
        boundedCount(in, n, 4);
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = in.readInt();
        return a;
    }

    static void writeBytes(DataOutputStream out, byte[] a) throws IOException {
        out.writeInt(a == null ? -1 : a.length);
        if (a != null) out.write(a);
    }

    static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) return null;
        boundedCount(in, n, 1);
        byte[] a = new byte[n];
        in.readFully(a);
        return a;
    }

    static void writeLongs(DataOutputStream out, long[] a) throws IOException {
        out.writeInt(a == null ? -1 : a.length);
        if (a != null) for (long x : a) out.writeLong(x);
    }

    static long[] readLongs(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) return null;
        boundedCount(in, n, 8);
        long[] a = new long[n];
        for (int i = 0; i < n; i++) a[i] = in.readLong();
        return a;
    }
}

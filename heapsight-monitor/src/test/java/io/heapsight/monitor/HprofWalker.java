package io.heapsight.monitor;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Test-only check that a file is a complete HPROF: the "JAVA PROFILE 1.0.2" header, then records whose u4 lengths
 * walk exactly to the end of the file, with heap-dump records present. Reads .gz transparently.
 */
final class HprofWalker {
    record Summary(int identifierSize, long records, long heapDumpRecords, boolean sawHeapDumpEnd, long bytes) {}

    static Summary walk(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        byte[] magic = new byte[2];
        raw.mark(2);
        int got = raw.readNBytes(magic, 0, 2);
        raw.reset();
        InputStream in = got == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b
                ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
        try (DataInputStream d = new DataInputStream(in)) {
            byte[] header = "JAVA PROFILE 1.0.2".getBytes(StandardCharsets.US_ASCII);
            byte[] actual = d.readNBytes(header.length + 1);
            if (actual.length != header.length + 1 || actual[header.length] != 0
                    || !new String(actual, 0, header.length, StandardCharsets.US_ASCII).equals("JAVA PROFILE 1.0.2")) {
                throw new IOException("not an HPROF 1.0.2 header");
            }
            int idSize = d.readInt();
            d.readLong();   // timestamp
            long pos = header.length + 1 + 4 + 8;
            long records = 0;
            long heapDumps = 0;
            boolean end = false;
            while (true) {
                int tag = d.read();
                if (tag < 0) break;
                d.readInt();   // time offset
                long length;
                try {
                    length = Integer.toUnsignedLong(d.readInt());
                } catch (EOFException e) {
                    throw new IOException("truncated record header at " + pos);
                }
                try {
                    d.skipNBytes(length);      // throws EOFException when the body is cut short
                } catch (EOFException e) {
                    throw new IOException("record at " + pos + " (tag " + tag + ") claims " + length + " bytes past the end");
                }
                pos += 9 + length;
                records++;
                if (tag == 0x0C || tag == 0x1C) heapDumps++;
                if (tag == 0x2C) end = true;
            }
            return new Summary(idSize, records, heapDumps, end, pos);
        }
    }
}

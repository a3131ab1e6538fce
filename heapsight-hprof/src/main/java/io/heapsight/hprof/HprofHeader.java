package io.heapsight.hprof;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/** The HPROF file header: format name, identifier size, dump time; {@code length} is where the first record starts. */
public record HprofHeader(String format, int idSize, long timestampMillis, int length) {

    public static HprofHeader read(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64);
        while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
            // fill
        }
        b.flip();
        int nul = -1;
        for (int i = 0; i < b.limit(); i++) {
            if (b.get(i) == 0) {
                nul = i;
                break;
            }
        }
        String prefix = "JAVA PROFILE ";
        if (nul < prefix.length() || !new String(bytes(b, 0, prefix.length()), StandardCharsets.US_ASCII).equals(prefix)) {
            throw new HprofFormatException("not an HPROF heap dump (no 'JAVA PROFILE' header)", -1);
        }
        String format = new String(bytes(b, 0, nul), StandardCharsets.US_ASCII);
        if (b.limit() < nul + 1 + 12) {
            throw new HprofFormatException("HPROF header is truncated", nul + 1);
        }
        int idSize = b.getInt(nul + 1);
        if (idSize != 4 && idSize != 8) {
            throw new HprofFormatException("unsupported identifier size " + idSize + " (HPROF uses 4 or 8)", nul + 1);
        }
        long ts = b.getLong(nul + 5);
        return new HprofHeader(format, idSize, ts, nul + 13);
    }

    private static byte[] bytes(ByteBuffer b, int from, int len) {
        byte[] out = new byte[len];
        b.get(from, out);
        return out;
    }
}

package io.heapsight.monitor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads string counters from a HotSpot JVM's perf-data file (/tmp/hsperfdata_USER/PID, the file jstat reads),
 * which HotSpot updates in place: reading it costs the target nothing. Used for the GC cause ("sun.gc.lastCause"),
 * which the GC MXBeans do not carry.
 */
final class PerfData {
    private static final int MAGIC = 0xcafec0c0;

    private PerfData() {}

    static Path fileOf(long pid) {
        String user = System.getProperty("user.name");
        Path local = Path.of(System.getProperty("java.io.tmpdir"), "hsperfdata_" + user, Long.toString(pid));
        return Files.isReadable(local) ? local : Path.of("/tmp", "hsperfdata_" + user, Long.toString(pid));
    }

    /** The value of a string counter, or null when the file or the counter is not there. */
    static String string(Path file, String name) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (IOException | SecurityException e) {
            return null;
        }
        return string(raw, name);
    }

    static String string(byte[] raw, String name) {
        if (raw.length < 32) return null;
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN);
        if (b.getInt(0) != MAGIC) return null;
        b.order(raw[4] == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int entryOffset = b.getInt(24);
        int entries = b.getInt(28);
        int pos = entryOffset;
        for (int i = 0; i < entries && pos + 20 <= raw.length; i++) {
            int entryLength = b.getInt(pos);
            int nameOffset = b.getInt(pos + 4);
            int vectorLength = b.getInt(pos + 8);
            byte type = raw[pos + 12];
            int dataOffset = b.getInt(pos + 16);
            if (entryLength <= 0) return null;
            String entryName = cString(raw, pos + nameOffset, raw.length);
            if (name.equals(entryName) && type == 'B' && vectorLength > 0) {
                return cString(raw, pos + dataOffset, Math.min(raw.length, pos + dataOffset + vectorLength));
            }
            pos += entryLength;
        }
        return null;
    }

    private static String cString(byte[] raw, int from, int limit) {
        if (from < 0 || from >= limit) return null;
        int end = from;
        while (end < limit && raw[end] != 0) end++;
        return new String(raw, from, end - from, StandardCharsets.UTF_8);
    }
}

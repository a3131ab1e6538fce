package io.heapsight.monitor;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The perf-data layout (HotSpot perfMemory.hpp: 32-byte prologue, then entries) built by hand. */
class PerfDataTest {

    static byte[] file(String name, String value) {
        byte[] n = (name + "\0").getBytes(StandardCharsets.US_ASCII);
        byte[] v = new byte[64];
        byte[] vb = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(vb, 0, v, 0, vb.length);
        int entryLength = 20 + n.length + v.length;
        ByteBuffer b = ByteBuffer.allocate(32 + entryLength);
        b.putInt(0xcafec0c0).put((byte) 0).put((byte) 2).put((byte) 0).put((byte) 1)
                .putInt(32 + entryLength).putInt(0).putLong(0).putInt(32).putInt(1);
        b.putInt(entryLength).putInt(20).putInt(v.length).put((byte) 'B').put((byte) 0).put((byte) 5).put((byte) 3)
                .putInt(20 + n.length).put(n).put(v);
        return b.array();
    }

    @Test
    void readsAStringCounter() {
        byte[] raw = file("sun.gc.lastCause", "G1 Evacuation Pause");
        assertThat(PerfData.string(raw, "sun.gc.lastCause")).isEqualTo("G1 Evacuation Pause");
        assertThat(PerfData.string(raw, "sun.gc.cause")).isNull();
        raw[0] = 0;
        assertThat(PerfData.string(raw, "sun.gc.lastCause")).isNull();
        assertThat(PerfData.string(new byte[5], "x")).isNull();
    }
}

package io.heapsight.testkit.scenarios;

import io.heapsight.testkit.ScenarioSupport;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A direct-buffer leak beside a bigger constant heap cache and a smaller growing heap log: each buffer is a ~64-byte
 * heap object pinning `size` bytes of native memory. Args: buffers (default 8), buffer capacity (default 1 MiB), heap
 * cache arrays of 1 MiB (default 16), log lines of byte[1024] (default 0). Needs -XX:MaxDirectMemorySize above
 * buffers x capacity.
 */
public final class GrowthDirectBuffers {
    static final List<ByteBuffer> OPEN_CHANNELS = new ArrayList<>();
    static final List<byte[]> HEAP_CACHE = new ArrayList<>();
    static final List<byte[]> LOG_LINES = new ArrayList<>();

    private GrowthDirectBuffers() {}

    public static void main(String[] args) {
        int buffers = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 1 << 20;
        int heapArrays = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int logLines = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        for (int i = 0; i < logLines; i++) LOG_LINES.add(new byte[1024]);
        for (int i = 0; i < heapArrays; i++) HEAP_CACHE.add(new byte[1 << 20]);
        for (int i = 0; i < buffers; i++) OPEN_CHANNELS.add(ByteBuffer.allocateDirect(size));
        Map<String, String> facts = new HashMap<>();
        facts.put("buffers", String.valueOf(buffers));
        facts.put("capacity", String.valueOf(size));
        ScenarioSupport.dumpNow(facts);
    }
}

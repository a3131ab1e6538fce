package io.heapsight.demo.leaks;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Off-heap leak: each request allocates a direct ByteBuffer (memory outside the Java heap) and keeps it in
 * {@code DirectBufferStash.BUFFERS}. The heap barely grows (a ByteBuffer object is ~64 bytes) while RSS and the
 * direct buffer pool do, which is what makes this kind of leak easy to miss on a heap chart.
 */
public final class DirectBufferStash {
    private DirectBufferStash() {}

    public static final int BUFFER_BYTES = 256 * 1024;

    static final List<ByteBuffer> BUFFERS = new CopyOnWriteArrayList<>();

    /** The leak. Throws OutOfMemoryError("Cannot reserve ... direct buffer memory") once MaxDirectMemorySize is used up. */
    public static int allocateAndKeep() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
        touch(buffer);
        BUFFERS.add(buffer);
        return BUFFERS.size();
    }

    /** The fixed twin: the buffer becomes unreachable when the request ends and its Cleaner frees the memory. */
    public static void allocateAndDrop() {
        touch(ByteBuffer.allocateDirect(BUFFER_BYTES));
    }

    // write every page so the memory is really resident, as a real buffer's would be
    private static void touch(ByteBuffer buffer) {
        for (int i = 0; i < buffer.capacity(); i += 4096) {
            buffer.put(i, (byte) 1);
        }
    }

    public static int count() {
        return BUFFERS.size();
    }
}

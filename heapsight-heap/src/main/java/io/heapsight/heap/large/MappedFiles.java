package io.heapsight.heap.large;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Creates a new file of a given size without writing it (sparse where the file system allows) and maps it. */
final class MappedFiles {
    private MappedFiles() {}

    /** The file must not exist (CREATE_NEW: no link is followed, nothing overwritten); the mapping lives as long as arena. */
    static MemorySegment createMapped(Path file, long bytes, Arena arena) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            if (bytes > 0) {
                ch.position(bytes - 1);
                ch.write(java.nio.ByteBuffer.wrap(new byte[1])); // sets the size; the hole before it is not written
            }
            return ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena);
        }
    }
}

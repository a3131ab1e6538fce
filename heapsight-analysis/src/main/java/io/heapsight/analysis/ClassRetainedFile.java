package io.heapsight.analysis;

import io.heapsight.heap.DerivedFile;
import io.heapsight.heap.DumpBinding;
import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.Progress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Each class's retained size ({@link Histogram#classRetained}: a walk of the whole dominator tree, the histogram's
 * costly half) kept beside the dump ({@code DUMP.heapsight-class-retained}), so that a report with another --top or
 * --format from an existing index does not walk the tree again. Bound to the dump and to its own bytes by a keyed
 * code ({@link DumpBinding}); on load the object and class counts must match the index and every size lie between 0
 * and the reachable heap; a file of another version, dump or content is refused with one note and recomputed.
 */
final class ClassRetainedFile {
    static final DerivedFile FILE = DerivedFile.keyed("class-retained", "class-retained file", "heapsight-class-retained v1");

    private ClassRetainedFile() {}

    static Path fileFor(Path dump) throws IOException {
        return FILE.fileFor(dump);
    }

    /** The retained size per class: from the file when current, else computed (and the file written). */
    static long[] computeOrLoad(HeapSnapshot heap, DominatorTree dom, Path dump, Progress progress) {
        boolean keep = heap.openOptions().useIndex() && dump != null && Files.isRegularFile(dump);
        if (keep) {
            long[] saved = load(dump, heap.objectCount(), heap.classCount(), dom.reachableBytes(), progress);
            if (saved != null) return saved;
        }
        long[] retained = Histogram.classRetained(heap, dom);
        if (keep) save(dump, heap.objectCount(), retained);
        return retained;
    }

    static void save(Path dump, long objects, long[] retained) {
        ByteBuffer payload = ByteBuffer.allocate(16 + 8 * retained.length);
        payload.putLong(objects).putLong(retained.length);
        for (long r : retained) payload.putLong(r);
        FILE.saveKeyed(dump, payload.array());
    }

    /** The kept sizes when bound to this dump and well-formed; else null (with one note when a file was refused). */
    static long[] load(Path dump, long objects, int classes, long reachableBytes, Progress progress) {
        return FILE.loadKeyed(dump, 16 + 8L * classes, progress, "computing the classes' retained sizes again", payload -> {
            if (payload.length != 16 + 8L * classes) throw new IOException("not a class-retained file of this heapsight version and dump");
            ByteBuffer in = ByteBuffer.wrap(payload);
            if (in.getLong() != objects || in.getLong() != classes) throw new IOException("object or class count differs from the index");
            long[] retained = new long[classes];
            for (int c = 0; c < classes; c++) {
                retained[c] = in.getLong();
                if (retained[c] < 0 || retained[c] > reachableBytes) throw new IOException("class " + c + "'s retained size out of range");
            }
            return retained;
        });
    }
}

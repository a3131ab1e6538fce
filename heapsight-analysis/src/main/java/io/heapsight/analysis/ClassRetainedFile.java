package io.heapsight.analysis;

import io.heapsight.heap.DumpBinding;
import io.heapsight.heap.DumpFiles;
import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.Progress;
import io.heapsight.hprof.SafeFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Each class's retained size ({@link Histogram#classRetained}: a walk of the whole dominator tree, the histogram's
 * costly half) kept beside the dump ({@code DUMP.heapsight-class-retained}), so that a report with another --top or
 * --format from an existing index does not walk the tree again. Bound to the dump and to its own bytes by a keyed
 * code ({@link DumpBinding}); on load the object and class counts must match the index and every size lie between 0
 * and the reachable heap; a file of another version, dump or content is refused with one note and recomputed.
 */
final class ClassRetainedFile {
    static final String MAGIC = "heapsight-class-retained v1";

    private ClassRetainedFile() {}

    static Path fileFor(Path dump) throws IOException {
        return DumpFiles.derived(dump, "class-retained");
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
        try {
            ByteBuffer payload = ByteBuffer.allocate(16 + 8 * retained.length);
            payload.putLong(objects).putLong(retained.length);
            for (long r : retained) payload.putLong(r);
            byte[] bytes = payload.array();
            byte[] magic = (MAGIC + "\n").getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            file.write(magic);
            file.write(DumpBinding.of(dump, magic, bytes));
            file.write(bytes);
            SafeFiles.saveBytes(fileFor(dump), file.toByteArray(), SafeFiles.Options.derivedFrom(dump));
        } catch (IOException | RuntimeException e) {
            // not fatal: the next run walks the dominator tree again
        }
    }

    /** The kept sizes when bound to this dump and well-formed; else null (with one note when a file was refused). */
    static long[] load(Path dump, long objects, int classes, long reachableBytes, Progress progress) {
        Path file = null;
        try {
            file = fileFor(dump);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return null;
            byte[] magic = (MAGIC + "\n").getBytes(StandardCharsets.UTF_8);
            long expected = magic.length + DumpBinding.LENGTH + 16 + 8L * classes;
            if (Files.size(file) != expected) throw new IOException("not a class-retained file of this heapsight version and dump");
            byte[] all = Files.readAllBytes(file);
            if (!Arrays.equals(all, 0, magic.length, magic, 0, magic.length)) throw new IOException("not a class-retained file of this heapsight version");
            byte[] mac = Arrays.copyOfRange(all, magic.length, magic.length + DumpBinding.LENGTH);
            byte[] payload = Arrays.copyOfRange(all, magic.length + DumpBinding.LENGTH, all.length);
            if (!DumpBinding.matches(DumpBinding.of(dump, magic, payload), mac)) throw new IOException("made from another dump, or changed since");
            ByteBuffer in = ByteBuffer.wrap(payload);
            if (in.getLong() != objects || in.getLong() != classes) throw new IOException("object or class count differs from the index");
            long[] retained = new long[classes];
            for (int c = 0; c < classes; c++) {
                retained[c] = in.getLong();
                if (retained[c] < 0 || retained[c] > reachableBytes) throw new IOException("class " + c + "'s retained size out of range");
            }
            return retained;
        } catch (IOException | RuntimeException e) {
            if (file != null) progress.note("ignoring " + file + " (" + e.getMessage() + "); computing the classes' retained sizes again");
            return null;
        }
    }
}

package io.heapsight.analysis;

import io.heapsight.heap.DerivedFile;
import io.heapsight.heap.DumpBinding;
import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.Progress;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The duplicate-strings result kept beside the dump ({@code DUMP.heapsight-strings}): the one inspection that reads
 * every String's value from the dump again (1.4 s CPU at 30M objects), so that a report with another --top or
 * --format from an existing index does not. It holds the totals and the {@link #KEPT} most wasteful groups, in the
 * order {@link DuplicateStrings#find} gives them (waste descending, ties by group); any --top up to {@link #KEPT} is a
 * prefix of that list. Bound to the dump and to its own bytes by a keyed code ({@link DumpBinding}); on load every
 * value is range-checked; a file of another version, dump or content is refused with one note and recomputed.
 */
final class DuplicateStringsFile {
    /** v2: the code covers the line with its newline, as every keyed {@link DerivedFile} does. */
    static final DerivedFile FILE = DerivedFile.keyed("strings", "strings file", "heapsight-strings v2");
    /** Groups kept: any --top up to this is answered from the file. */
    static final int KEPT = 1000;
    /** DuplicateStrings reads at most 120 chars of a group's text: 4 UTF-8 bytes each, at most. */
    private static final int MAX_TEXT_BYTES = 120 * 4;

    private DuplicateStringsFile() {}

    static Path fileFor(Path dump) throws IOException {
        return FILE.fileFor(dump);
    }

    /** The result for {@code top} groups: from the file when current, else computed (and the file written). */
    static DuplicateStrings.Result computeOrLoad(HeapSnapshot heap, DominatorTree dom, Path dump, int top, Progress progress)
            throws IOException {
        return computeOrLoad(heap, dom, dump, top, null, progress);
    }

    /** As above, with the value arrays gathered earlier ({@link DuplicateStrings.Values}), or null to gather them now. */
    static DuplicateStrings.Result computeOrLoad(HeapSnapshot heap, DominatorTree dom, Path dump, int top,
                                                 DuplicateStrings.Values values, Progress progress) throws IOException {
        boolean keep = heap.openOptions().useIndex() && top <= KEPT && dump != null && Files.isRegularFile(dump);
        if (keep) {
            DuplicateStrings.Result saved = load(dump, heap.objectCount(), progress);
            if (saved != null) return first(saved, top);
        }
        int wanted = keep ? KEPT : top;
        DuplicateStrings.Result all = values != null ? DuplicateStrings.find(heap, values, wanted, progress)
                : DuplicateStrings.find(heap, dom, wanted, progress);
        if (keep) save(dump, heap.objectCount(), all);
        return first(all, top);
    }

    static DuplicateStrings.Result first(DuplicateStrings.Result r, int top) {
        if (r.top().size() <= top) return r;
        return new DuplicateStrings.Result(r.strings(), r.distinct(), r.wastedBytes(), List.copyOf(r.top().subList(0, Math.max(0, top))));
    }

    static byte[] encode(long objects, DuplicateStrings.Result r) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeLong(objects);
        out.writeLong(r.strings());
        out.writeLong(r.distinct());
        out.writeLong(r.wastedBytes());
        out.writeInt(r.top().size());
        for (DuplicateStrings.Group g : r.top()) {
            byte[] text = g.text().getBytes(StandardCharsets.UTF_8);
            out.writeInt(text.length);
            out.write(text);
            out.writeLong(g.count());
            out.writeLong(g.wastedBytes());
            out.writeLong(g.bytesEach());
        }
        out.flush();
        return bytes.toByteArray();
    }

    static void save(Path dump, long objects, DuplicateStrings.Result r) {
        try {
            FILE.saveKeyed(dump, encode(objects, r));
        } catch (IOException | RuntimeException e) {
            // not fatal: the next run finds the duplicate strings again
        }
    }

    /** The kept result when bound to this dump and well-formed; else null (with one note when a file was refused). */
    static DuplicateStrings.Result load(Path dump, long objects, Progress progress) {
        // totals, plus per group its text and three numbers: anything larger is not ours
        return FILE.loadKeyed(dump, 4096 + (long) KEPT * (MAX_TEXT_BYTES + 28), progress, "finding the duplicate strings again",
                payload -> decode(payload, objects));
    }

    /** The result from its bytes, every value checked against what this dump can hold. */
    static DuplicateStrings.Result decode(byte[] payload, long objects) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        if (in.readLong() != objects) throw new IOException("object count differs from the index");
        long strings = in.readLong(), distinct = in.readLong(), wasted = in.readLong();
        if (strings < 0 || strings > objects || distinct < 0 || distinct > strings || wasted < 0) {
            throw new IOException("totals out of range");
        }
        int groups = in.readInt();
        if (groups < 0 || groups > KEPT || groups > distinct) throw new IOException("group count out of range");
        List<DuplicateStrings.Group> top = new ArrayList<>(groups);
        long sum = 0, previous = Long.MAX_VALUE;
        for (int i = 0; i < groups; i++) {
            int length = in.readInt();
            if (length < 0 || length > MAX_TEXT_BYTES) throw new IOException("text length out of range");
            byte[] text = new byte[length];
            in.readFully(text);
            long count = in.readLong(), waste = in.readLong(), each = in.readLong();
            if (count < 2 || count > strings || each <= 0 || waste < 0 || waste > previous
                    || each > Long.MAX_VALUE / count || waste != (count - 1) * each) {
                throw new IOException("group " + i + " out of range");
            }
            previous = waste;
            sum += waste;
            if (sum > wasted) throw new IOException("group waste out of range (more than the total)");
            top.add(new DuplicateStrings.Group(new String(text, StandardCharsets.UTF_8), count, waste, each));
        }
        if (in.available() != 0) throw new IOException("trailing bytes");
        return new DuplicateStrings.Result(strings, distinct, wasted, List.copyOf(top));
    }
}

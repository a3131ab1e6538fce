package io.heapsight.analysis;

import io.heapsight.heap.Background;
import io.heapsight.heap.DerivedFile;
import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.Progress;
import io.heapsight.heap.VarintColumn;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The dominator tree kept beside the dump ({@code DUMP.heapsight-dominators}), bound to it by a keyed code
 * ({@link io.heapsight.heap.DumpBinding}). Two varint columns ({@link VarintColumn}): each object's immediate dominator as the zigzag
 * difference from the object (0 unreachable, 1 the virtual root; a dominator is mostly near what it dominates in the
 * dump), and its retained size in 8-byte units. Retained sizes are stored rather than recomputed: they take about a
 * byte an object and decode in a fraction of the bottom-up pass they come from (docs/PERFORMANCE.md). Every value is
 * checked on load: dominators in range and free of loops, sizes that cannot overflow. An older format, or anything
 * off: a one-line note and the tree is computed again.
 */
final class DominatorFile {
    /** "HSDOM" and a version: 2 the keyed binding, 3 hidden classes no longer linked from their loader, 4 varint columns. */
    static final DerivedFile FILE = DerivedFile.bound("dominators", "dominator file", 0x4853_444F_4D34_0000L, 0xFFFF_FFFF_FF00_0000L);
    private static final int CHUNK = 1 << 16;
    /** Values encoded per bulk call when saving. */
    private static final int WRITE_CHUNK = 4096;

    private DominatorFile() {}

    static Path fileFor(Path dump) throws IOException {
        return FILE.fileFor(dump);
    }

    static void save(DominatorTree t, Path dump) {
        int n = t.objectCount();
        long or = 0;
        for (int v = 0; v < n; v++) or |= t.retainedSize(v);
        int shift = or == 0 ? 0 : Math.min(3, Long.numberOfTrailingZeros(or));
        FILE.saveBound(dump, io -> {
            io.writeLong(n);
            io.writeLong(t.reachableCount());
            io.writeLong(t.reachableBytes());
            io.writeLong(shift);
            long[] values = new long[WRITE_CHUNK];
            VarintColumn.Writer w = io.column(n, false);
            for (int from = 0; from < n; from += WRITE_CHUNK) {
                int k = Math.min(WRITE_CHUNK, n - from);
                for (int j = 0; j < k; j++) values[j] = encode(from + j, t.idom(from + j));
                w.put(values, 0, k);
            }
            w.finish();
            w = io.column(n, false);
            for (int from = 0; from < n; from += WRITE_CHUNK) {
                int k = Math.min(WRITE_CHUNK, n - from);
                for (int j = 0; j < k; j++) values[j] = t.retainedSize(from + j) >>> shift;
                w.put(values, 0, k);
            }
            w.finish();
        });
    }

    /** 0 and 1 for the two markers ({@link DominatorTree#UNREACHABLE}, {@link DominatorTree#ROOT}), else 1 + zigzag(d - v). */
    static long encode(int v, int d) {
        return d < 0 ? d + 2 : 1 + VarintColumn.zigzag((long) d - v);
    }

    /** The inverse of {@link #encode}, checked: a marker or an object other than v. */
    static int decode(int v, long code, int n) throws IOException {
        if (code < 2) return (int) code - 2;
        long d = v + VarintColumn.unzigzag(code - 1);
        if (d < 0 || d >= n || d == v) throw new IOException("reference out of range");
        return (int) d;
    }

    /** The saved tree when it is bound to this dump and every entry is in range; else null, with a note. */
    static DominatorTree load(HeapSnapshot heap, Path dump, Progress progress) {
        io.heapsight.heap.PhaseTimer timer = new io.heapsight.heap.PhaseTimer();
        return FILE.loadBound(dump, progress, "computing the dominator tree again", io -> {
            long n = io.readLong();
            if (n != heap.objectCount()) throw new IOException("object count differs from the index");
            long reachable = io.readLong();
            long bytes = io.readLong();
            long shift = io.readLong();
            if (reachable < 0 || reachable > n || bytes < 0 || shift < 0 || shift > 3) throw new IOException("totals out of range");
            int count = (int) n;
            VarintColumn idomColumn = io.readColumn(n, false);
            VarintColumn retainedColumn = io.readColumn(n, false);
            // retained sizes on a second thread while this one decodes and checks the dominators
            var retainedSizes = Background.run("heapsight-dominators-read", () -> {
                long[] retained = new long[count];
                VarintColumn.Decoder r = retainedColumn.decoder();
                r.longs(retained, 0, count);
                r.finish();
                for (int v = 0; v < count; v++) {
                    if (retained[v] >>> (63 - shift) != 0) throw new IOException("retained size out of range");
                    retained[v] <<= shift;
                }
                return retained;
            });
            int[] idom = new int[count];
            long[] codes = new long[CHUNK];
            VarintColumn.Decoder d = idomColumn.decoder();
            for (int at = 0; at < count; at += CHUNK) {
                int k = Math.min(CHUNK, count - at);
                d.longs(codes, 0, k);
                for (int j = 0; j < k; j++) idom[at + j] = decode(at + j, codes[j], count);
            }
            d.finish();
            timer.lap("dominators: decode");
            if (!DominatorTree.acyclic(idom)) throw new IOException("dominator chain loops");
            long[] retained = Background.join(retainedSizes);
            timer.lap("dominators: loop check, sizes");
            DominatorTree tree = DominatorTree.restored(count, idom, retained, (int) reachable, bytes);
            timer.lap("dominators: children");
            return tree;
        });
    }
}

package io.heapsight.analysis;

import io.heapsight.heap.DerivedFile;
import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.Progress;
import io.heapsight.heap.VarintColumn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The shortest-path tree from the GC roots ({@link GcRootPaths}, strong references) kept beside the dump
 * ({@code DUMP.heapsight-paths}), so that reopening a dump needs no walk of the graph. Most objects' BFS parent is
 * their immediate dominator (an object with one referrer), so the file holds a bit per object for "parent = immediate
 * dominator" and a varint column for the others (0 no path, 1 a root, else the zigzag difference from the object).
 * Bound to the dump by a keyed code and to the dominator tree it leans on by a hash of that tree; on load every
 * parent is in range and every chain ends at a GC root object without a loop. Paths through weak references
 * (--include-weak-paths) are computed each time.
 */
final class PathsFile {
    /** "HSPATH" and the version in the low 16 bits. */
    static final DerivedFile FILE = DerivedFile.bound("paths", "paths file", 0x4853_5041_5448_0001L, 0xFFFF_FFFF_FFFF_0000L);

    private PathsFile() {}

    static Path fileFor(Path dump) throws IOException {
        return FILE.fileFor(dump);
    }

    /** The paths from the file beside the dump when it is current, else computed (and saved on another thread). */
    static GcRootPaths computeOrLoad(HeapSnapshot heap, DominatorTree dom, Path dump, boolean includeWeak, Progress progress) {
        return computeOrLoad(heap, dom, dump, includeWeak, progress, null);
    }

    /** As above; when computed, with the parent array and queue taken from {@code spare} (the dominators' dead arrays). */
    static GcRootPaths computeOrLoad(HeapSnapshot heap, DominatorTree dom, Path dump, boolean includeWeak, Progress progress,
                                     ScratchArrays spare) {
        boolean keep = heap.openOptions().useIndex() && !includeWeak;
        GcRootPaths saved = keep ? load(heap, dom, dump, progress) : null;
        if (saved != null) return saved;
        GcRootPaths paths = GcRootPaths.compute(heap, includeWeak, spare);
        if (keep) heap.runBeforeClose(io.heapsight.heap.Background.thread("heapsight-paths-writer", false, () -> save(paths, dom, dump)));
        return paths;
    }

    /** A hash of the dominator tree (the parents are stored relative to it). */
    static long treeHash(DominatorTree dom) {
        long h = 0x9E37_79B9_7F4A_7C15L;
        for (int v = 0, n = dom.objectCount(); v < n; v++) h = (h ^ dom.idom(v)) * 0x100_0000_01B3L;
        return h ^ dom.objectCount();
    }

    static void save(GcRootPaths paths, DominatorTree dom, Path dump) {
        int[] parent = paths.parents();
        int n = dom.objectCount(); // the parent array may be longer (a reused scratch array)
        long[] same = new long[(n + 63) >>> 6];
        long others = 0;
        for (int v = 0; v < n; v++) {
            if (parent[v] == dom.idom(v)) same[v >>> 6] |= 1L << v;
            else others++;
        }
        long count = others;
        long hash = treeHash(dom);
        FILE.saveBound(dump, io -> {
            io.writeLong(n);
            io.writeLong(hash);
            io.writeLongs(same, same.length);
            VarintColumn.Writer w = io.column(count, false);
            long[] values = new long[4096];
            int k = 0;
            for (int v = 0; v < n; v++) {
                if ((same[v >>> 6] & (1L << v)) != 0) continue;
                values[k++] = DominatorFile.encode(v, parent[v]);
                if (k == values.length) {
                    w.put(values, 0, k);
                    k = 0;
                }
            }
            w.put(values, 0, k);
            w.finish();
        });
    }

    /** The saved paths when bound to this dump and tree and well-formed; else null (with a note when a file was refused). */
    static GcRootPaths load(HeapSnapshot heap, DominatorTree dom, Path dump, Progress progress) {
        io.heapsight.heap.PhaseTimer timer = new io.heapsight.heap.PhaseTimer();
        return FILE.loadBound(dump, progress, "computing the paths from GC roots again", io -> {
            long n = io.readLong();
            if (n != heap.objectCount() || n != dom.objectCount()) throw new IOException("object count differs from the index");
            if (io.readLong() != treeHash(dom)) throw new IOException("made with another dominator tree");
            long[] same = io.readLongs((n + 63) >>> 6);
            if ((n & 63) != 0 && same[same.length - 1] >>> (n & 63) != 0) throw new IOException("bits set past the last object");
            long others = 0;
            for (long w : same) others += 64 - Long.bitCount(w);
            others -= same.length * 64L - n; // bits past n are not objects
            VarintColumn column = io.readColumn(others, false);
            int count = (int) n;
            int[] parent = new int[count];
            VarintColumn.Decoder d = column.decoder();
            long[] chunk = new long[8192];
            int have = 0, at = 0;
            long left = others;
            for (int v = 0; v < count; v++) {
                if ((same[v >>> 6] & (1L << v)) != 0) {
                    parent[v] = dom.idom(v);
                } else {
                    if (at == have) {
                        have = (int) Math.min(chunk.length, left);
                        left -= have;
                        d.longs(chunk, 0, have);
                        at = 0;
                    }
                    parent[v] = DominatorFile.decode(v, chunk[at++], count);
                }
            }
            d.finish();
            timer.lap("paths: decode");
            checkChains(parent, DominatorTree.distinctRootObjects(heap));
            timer.lap("paths: chain check");
            return GcRootPaths.restored(heap, false, parent);
        });
    }

    /** Every chain of parents ends at a root object (parent -1) without a loop or a dead end (-2): O(n), a byte an object. */
    static void checkChains(int[] parent, int[] rootsSorted) throws IOException {
        byte[] state = new byte[parent.length]; // 0 unseen, 1 on the current walk, 2 known to end at a root
        for (int v = 0; v < parent.length; v++) {
            if (parent[v] == -2 || state[v] != 0) continue;
            int u = v;
            while (state[u] == 0 && parent[u] >= 0) {
                state[u] = 1;
                u = parent[u];
            }
            if (state[u] == 1) throw new IOException("a path loops");
            if (state[u] == 0) {
                if (parent[u] != -1 || Arrays.binarySearch(rootsSorted, u) < 0) throw new IOException("a path does not start at a GC root");
                state[u] = 2;
            }
            for (int w = v; state[w] == 1; w = parent[w]) state[w] = 2;
        }
    }
}

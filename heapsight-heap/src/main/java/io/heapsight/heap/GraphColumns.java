package io.heapsight.heap;

import java.io.IOException;

/**
 * The model's per-object arrays in the index as varint columns ({@link VarintColumn}), decoded whole when an index is
 * opened. Each is stored as the small number it mostly is (figures: docs/PERFORMANCE.md):
 * <ul>
 *   <li>class of each object: its class's rank by instance count (the 128 commonest classes take one byte), after
 *       the rank-to-class table;</li>
 *   <li>shallow size: once per class when all its objects have the same size (instances: everything but arrays and
 *       class objects), else per object of that class, in 8-byte units;</li>
 *   <li>references: a count per object, then each target as the zigzag difference from the previous target (the
 *       first from the object itself), in stored order: objects tend to refer to objects near them in the dump;</li>
 *   <li>the referent bit set as is (one bit an object).</li>
 * </ul>
 * Every value is range-checked as it is decoded: ranks and targets inside their tables, counts adding up to the
 * stored references, sizes not negative.
 */
final class GraphColumns {
    record Decoded(int[] classOf, int[] shallow8, int[] outStart, int[] outEdges, long[] referentBits) {}

    private GraphColumns() {}

    /** Values encoded per bulk call ({@link VarintColumn.Writer#put(long[], int, int)}). */
    private static final int CHUNK = 4096;

    static void write(IndexIO io, HeapSnapshot s) throws IOException {
        int n = s.objectCount, classes = s.classes.length;
        int[] classOf = s.classOf, shallow8 = s.shallow8;
        long[] instances = new long[classes];
        // per class: one size for all its objects, or -1 when they differ (-2: no object yet); one pass for both
        long[] size = new long[classes];
        java.util.Arrays.fill(size, -2);
        for (int i = 0; i < n; i++) {
            int c = classOf[i];
            instances[c]++;
            long v = shallow8[i] & 0xFFFF_FFFFL, was = size[c];
            if (was != v) size[c] = was == -2 ? v : -1;
        }
        // rank by instance count, most first: (count, class) pairs sorted descending
        long[] byCount = new long[classes];
        for (int c = 0; c < classes; c++) byCount[c] = (Math.min(instances[c], Integer.MAX_VALUE) << 32) | (Integer.MAX_VALUE - c);
        java.util.Arrays.sort(byCount);
        int[] rankToClass = new int[classes], rankOf = new int[classes];
        for (int r = 0; r < classes; r++) {
            int c = Integer.MAX_VALUE - (int) byCount[classes - 1 - r];
            rankToClass[r] = c;
            rankOf[c] = r;
        }
        io.writeInts(rankToClass, classes);
        long[] values = new long[CHUNK];
        VarintColumn.Writer w = io.column(n, false);
        for (int from = 0; from < n; from += CHUNK) {
            int k = Math.min(CHUNK, n - from);
            for (int j = 0; j < k; j++) values[j] = rankOf[classOf[from + j]];
            w.put(values, 0, k);
        }
        w.finish();

        long varying = 0;
        for (int c = 0; c < classes; c++) if (size[c] == -1) varying += instances[c];
        w = io.column(classes, false);
        for (int c = 0; c < classes; c++) w.put(size[c] < 0 ? 0 : size[c] + 1);
        w.finish();
        w = io.column(varying, false);
        if (varying > 0) {
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (size[classOf[i]] != -1) continue;
                values[k++] = shallow8[i] & 0xFFFF_FFFFL;
                if (k == CHUNK) {
                    w.put(values, 0, k);
                    k = 0;
                }
            }
            w.put(values, 0, k);
        }
        w.finish();

        int[] outStart = s.outStart, outEdges = s.outEdges;
        w = io.column(n, false);
        for (int from = 0; from < n; from += CHUNK) {
            int k = Math.min(CHUNK, n - from);
            for (int j = 0; j < k; j++) values[j] = outStart[from + j + 1] - outStart[from + j];
            w.put(values, 0, k);
        }
        w.finish();
        // one value at a time: the lists are short and of varying length, and the loop over each list with the
        // encoder inlined measured faster than gathering the differences for the bulk encoder (docs/PERFORMANCE.md)
        w = io.column(outStart[n], false);
        for (int i = 0; i < n; i++) {
            long prev = i;
            for (int k = outStart[i], e = outStart[i + 1]; k < e; k++) {
                w.put(VarintColumn.zigzag(outEdges[k] - prev));
                prev = outEdges[k];
            }
        }
        w.finish();
        io.writeLongs(s.referentBits, s.referentBits.length);
    }

    /** Class of each object and its shallow size: {classOf, shallow8}. */
    private static int[][] classesAndSizes(int[] rankToClass, VarintColumn classColumn, VarintColumn sizeColumn,
                                           VarintColumn varyingColumn, int n, int classes) throws IOException {
        int[] classOf = new int[n];
        VarintColumn.Decoder d = classColumn.decoder();
        d.ints(classOf, 0, n, classes - 1);
        d.finish();
        for (int i = 0; i < n; i++) classOf[i] = rankToClass[classOf[i]];

        long[] size = new long[classes];
        d = sizeColumn.decoder();
        d.longs(size, 0, classes);
        d.finish();
        long varying = 0;
        for (int c = 0; c < classes; c++) {
            if (--size[c] > Integer.MAX_VALUE || size[c] < -1) throw new IndexChecks.Refused("object size out of range"); // -1: sizes vary
        }
        for (int i = 0; i < n; i++) if (size[classOf[i]] < 0) varying++;
        if (varyingColumn.count() != varying) throw new IndexChecks.Refused("object sizes do not match the classes");
        int[] shallow8 = new int[n];
        d = varyingColumn.decoder();
        d.ints(shallow8, 0, (int) varying, Integer.MAX_VALUE);
        d.finish();
        // spread the per-object sizes to their objects, from the end (the j-th varying object is at index >= j)
        for (int i = n - 1, j = (int) varying - 1; i >= 0; i--) {
            long v = size[classOf[i]];
            shallow8[i] = v >= 0 ? (int) v : shallow8[j--];
        }
        return new int[][]{classOf, shallow8};
    }

    static Decoded read(IndexIO io, int n, int classes) throws IOException {
        int[] rankToClass = io.readInts(0);
        if (rankToClass.length != classes) throw new IndexChecks.Refused("class rank table does not match the classes");
        boolean[] seen = new boolean[classes];
        for (int c : rankToClass) {
            if (c < 0 || c >= classes || seen[c]) throw new IndexChecks.Refused("class rank table is not a permutation");
            seen[c] = true;
        }
        VarintColumn classColumn = io.readColumn(n, false);
        VarintColumn sizeColumn = io.readColumn(classes, false);
        VarintColumn varyingColumn = io.readColumn(-1, false);
        VarintColumn countColumn = io.readColumn(n, false);
        VarintColumn edgeColumn = io.readColumn(-1, false);
        if (edgeColumn.count() > Integer.MAX_VALUE - 16) throw new IndexChecks.Refused("too many references");
        long[] referentBits = io.readLongs((n + 63L) >>> 6);

        PhaseTimer timer = new PhaseTimer();
        // classes and sizes on a second thread while this one decodes the references
        var classesAndSizes = Background.run("heapsight-index-classes", () -> classesAndSizes(rankToClass, classColumn, sizeColumn,
                varyingColumn, n, classes));

        int edges = (int) edgeColumn.count();
        int[] outStart = new int[n + 1];
        VarintColumn.Decoder d = countColumn.decoder();
        d.ints(outStart, 1, n, edges);
        d.finish();
        long total = 0;
        for (int i = 1; i <= n; i++) {
            total += outStart[i];
            if (total > edges) throw new IndexChecks.Refused("edge table does not add up");
            outStart[i] = (int) total;
        }
        if (total != edges) throw new IndexChecks.Refused("edge table does not add up");
        timer.lap("index: reference counts");
        int[] outEdges = new int[edges];
        d = edgeColumn.decoder();
        if (n <= 1 << 30) {
            // every difference of two object indexes is below 2^30 in size, so its zigzag code fits an int
            d.ints(outEdges, 0, edges, Integer.MAX_VALUE);
            for (int i = 0; i < n; i++) {
                int prev = i;
                for (int k = outStart[i], e = outStart[i + 1]; k < e; k++) {
                    int z = outEdges[k];
                    int t = prev + ((z >>> 1) ^ -(z & 1));
                    if (t < 0 || t >= n) throw new IndexChecks.Refused("edge target out of range");
                    outEdges[k] = prev = t;
                }
            }
        } else {
            long[] chunk = new long[8192];
            int have = 0, at = 0;
            for (int i = 0; i < n; i++) {
                long prev = i;
                for (int k = outStart[i], e = outStart[i + 1]; k < e; k++) {
                    if (at == have) {
                        have = Math.min(chunk.length, edges - k);
                        d.longs(chunk, 0, have);
                        at = 0;
                    }
                    long t = prev + VarintColumn.unzigzag(chunk[at++]);
                    if (t < 0 || t >= n) throw new IndexChecks.Refused("edge target out of range");
                    outEdges[k] = (int) t;
                    prev = t;
                }
            }
        }
        d.finish();
        timer.lap("index: references");
        int[][] cs = Background.join(classesAndSizes);
        int[] classOf = cs[0], shallow8 = cs[1];
        return new Decoded(classOf, shallow8, outStart, outEdges, referentBits);
    }
}

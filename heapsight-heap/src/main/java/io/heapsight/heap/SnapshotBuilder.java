package io.heapsight.heap;

import io.heapsight.hprof.BasicType;
import io.heapsight.hprof.BufferedObjectIds;
import io.heapsight.hprof.BufferedObjectRecords;
import io.heapsight.hprof.ClassDump;
import io.heapsight.hprof.HprofFiles;
import io.heapsight.hprof.HprofHeader;
import io.heapsight.hprof.HprofReader;
import io.heapsight.hprof.HprofVisitor;
import io.heapsight.hprof.RecordInput;
import io.heapsight.hprof.WalkResult;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link HeapSnapshot} in two sequential passes over the file.
 * Pass 1 collects object ids (file order = object index), classes, names and roots.
 * Between passes the ids are indexed for lookup. Pass 2 takes record offsets, resolves every reference to an object
 * index and writes the edges in compressed-sparse-row form, in object order, so no sort of edges is ever needed.
 */
public final class SnapshotBuilder {
    private SnapshotBuilder() {}

    public static HeapSnapshot build(Path dump, Progress progress) throws IOException {
        HprofFiles.checkReadable(dump);
        Path plain = DumpFiles.plainHprof(dump, progress);
        FileChannel ch = FileChannel.open(plain, StandardOpenOption.READ);
        try {
            return build(plain, ch, progress);
        } catch (IOException | RuntimeException | Error e) {
            ch.close();
            throw e;
        }
    }

    private static HeapSnapshot build(Path plain, FileChannel ch, Progress progress) throws IOException {
        HprofHeader header = HprofHeader.read(ch);
        HprofReader reader = new HprofReader(ch, header);
        long fileSize = ch.size();

        PhaseTimer timer = new PhaseTimer();
        // top-level records first (names, classes, stacks); heap segments are listed, then walked by several threads
        Pass1 p1 = new Pass1(header.idSize());
        HprofReader.Scan scan = reader.scan(p1, pos -> progress.update("reading dump (pass 1 of 2)", pos, fileSize));
        List<List<HprofReader.Segment>> groups = partition(scan.segments(), workers());
        List<Pass1> parts = new ArrayList<>();
        List<WalkResult> results = runAll(groups.size(), g -> {
            Pass1 part = new Pass1(header.idSize());
            synchronized (parts) {
                while (parts.size() <= g) parts.add(null);
                parts.set(g, part);
            }
            return reader.walkSegments(groups.get(g), part, part);
        });
        // the first group that ended early ends the dump there, as a sequential walk would have
        int usedGroups = groups.size();
        WalkResult walk = scan.topLevel();
        for (int g = 0; g < results.size(); g++) {
            if (!results.get(g).complete()) {
                walk = results.get(g);
                usedGroups = g + 1;
                break;
            }
        }
        long total = 0;
        for (int g = 0; g < usedGroups; g++) total += parts.get(g).ids.size();
        if (total > Integer.MAX_VALUE - 16) throw new IOException("more than 2^31 objects: not supported yet (see docs/design.md)");
        int n = (int) total;
        int[] groupStart = new int[usedGroups + 1];
        List<IdList> idLists = new ArrayList<>();
        for (int g = 0; g < usedGroups; g++) {
            Pass1 part = parts.get(g);
            groupStart[g + 1] = groupStart[g] + (int) part.ids.size();
            idLists.add(part.ids);
            p1.absorbHeapPart(part);
        }
        parts.clear();
        walk = withNoDataNote(walk, p1);
        timer.lap("pass 1");
        // pass 2's arrays (16 bytes an object) are allocated, i.e. zeroed and faulted in by the kernel page by page, on
        // a second thread while this one builds the class table and the id index (the second core is idle then)
        java.util.concurrent.CompletableFuture<Pass2Arrays> pass2Arrays = Background.run("heapsight-pass-2-arrays",
                () -> new Pass2Arrays(n));

        // classes
        ClassTable table = ClassTable.build(p1.classDumps, p1.classNames, p1.strings, header.idSize(), fileSize);
        p1.classDumps = null;

        // dense ids (a HotSpot heap) are indexed straight from pass 1's lists; others are copied out and sorted
        progress.update("indexing object ids", 0, n);
        IdIndex dense = IdIndex.dense((scratch, block) -> {
            for (IdList list : idLists) list.forEachBlock(scratch, block);
        }, n, IdList.range(idLists));
        IdIndex ids = dense != null ? dense : IdIndex.sorted(copyIds(idLists, groupStart, n), n);
        idLists.clear();
        table.linkObjects(ids);
        timer.lap("id index");

        // pass 2: record offsets, classes of objects, sizes (raw), references; each group writes its own index range
        // (offsets are taken here rather than in pass 1: exact-size from the start, no chunked copy of 8n bytes)
        Pass2Arrays arrays = Background.join(pass2Arrays);
        RecordOffsets offsets = arrays.offsets;
        int[] classOf = arrays.classOf;
        int[] rawSize = arrays.rawSize;
        int[] outStart = arrays.outStart;
        long[] referentBits = arrays.referentBits;
        final int groupCount = usedGroups;
        Pass2[] p2 = new Pass2[groupCount];
        runAll(groupCount, g -> {
            p2[g] = new Pass2(groupStart[g], groupStart[g + 1], offsets.writer(), classOf, rawSize, outStart, ids, table,
                    header.idSize());
            progress.update("reading dump (pass 2 of 2)", g, groupCount);
            return reader.walkSegments(groups.get(g), p2[g], p2[g]);
        });
        List<RecordOffsets.Writer> offsetWriters = new ArrayList<>();
        for (Pass2 part : p2) offsetWriters.add(part.offsets);
        offsets.finish(offsetWriters);
        long edgeTotal = 0;
        for (int g = 0; g < usedGroups; g++) {
            if (p2[g].next != groupStart[g + 1]) {
                throw new IOException("the dump changed while it was being read (pass 2 saw a different number of objects)");
            }
            edgeTotal += p2[g].edges.size();
        }
        if (edgeTotal > Integer.MAX_VALUE - 16) throw new IOException("more than 2^31 references: not supported yet (see docs/design.md)");
        timer.lap("pass 2");
        // the workers' edges are joined into one array on a second thread while this one detects the layout and
        // takes sizes (neither reads edges, outStart or referent bits)
        int edgeCount = (int) edgeTotal;
        java.util.concurrent.CompletableFuture<int[]> mergedEdges = Background.run("heapsight-edges",
                () -> mergeEdges(p2, groupStart, edgeCount, outStart, referentBits));
        Pass2 merged = new Pass2(classOf, rawSize, outStart, referentBits);

        Map<String, String> props = JvmProperties.read(ch, header.idSize(), offsets, ids, table.classesRaw());
        ObjectLayout layout = LayoutDetector.detect(header.idSize(), props, n, ids, table, merged.classOf, merged.rawSize);
        table.applyLayout(layout);
        int[] shallow8 = merged.rawSize;
        HeapClass[] classes = table.classes();
        // per class first (instance size in 8-byte units, or the element size of an array class), then one flat loop
        int[] instance8 = new int[classes.length];
        int[] elementSize = new int[classes.length];
        for (HeapClass c : classes) {
            switch (c.shape) {
                case INSTANCE -> instance8[c.index] = (int) (c.instanceSize >>> 3);
                case OBJECT_ARRAY -> elementSize[c.index] = layout.referenceSize();
                case PRIMITIVE_ARRAY -> elementSize[c.index] = BasicType.primitiveSize(c.elementType);
            }
        }
        for (int i = 0; i < n; i++) {
            int c = classOf[i];
            int e = elementSize[c];
            shallow8[i] = e == 0 ? instance8[c] : (int) (layout.arraySize(e, shallow8[i] & 0xFFFF_FFFFL) >>> 3);
        }
        // class objects: java.lang.Class's own size plus the static fields that live in the mirror
        for (HeapClass c : classes) {
            if (c.objectIndex >= 0) {
                long size = table.classObjectSize(c, layout);
                shallow8[c.objectIndex] = (int) (size >>> 3);
            }
        }

        timer.lap("layout and sizes");
        int[] edges = Background.join(mergedEdges);
        timer.lap("wait for the edges");
        // roots
        int rc = (int) p1.rootIds.size();
        GrowableInts rootObj = new GrowableInts();
        byte[] kinds = new byte[rc];
        int[] threads = new int[rc];
        int[] frames = new int[rc];
        int kept = 0;
        for (int r = 0; r < rc; r++) {
            int obj = ids.indexOf(p1.rootIds.get(r));
            long meta = p1.rootMeta.get(r);
            GcRootKind kind = GcRootKind.fromTag((int) (meta >>> 56) & 0xFF);
            if (obj < 0 || kind == null) continue;
            rootObj.add(obj);
            kinds[kept] = (byte) kind.ordinal();
            threads[kept] = (int) ((meta >>> 28) & 0xFFF_FFFF) - 1;
            frames[kept] = (int) (meta & 0xFFF_FFFF) - 1;
            kept++;
        }
        int[] rootObjects = rootObj.toArrayAndClear();
        Map<Integer, ThreadInfo> threadInfos = p1.threads(ids, table);

        return new HeapSnapshot(plain, header, walk, layout, n, offsets, ids, merged.classOf, shallow8,
                merged.outStart, edges, merged.referentBits, classes, table.javaLangClass(), rootObjects,
                java.util.Arrays.copyOf(kinds, kept), java.util.Arrays.copyOf(threads, kept), java.util.Arrays.copyOf(frames, kept),
                threadInfos, ch);
    }

    /** The workers' edges in one array, each worker's outStart entries moved by the edges before its own. */
    private static int[] mergeEdges(Pass2[] p2, int[] groupStart, int edgeCount, int[] outStart, long[] referentBits) {
        int[] edges = new int[edgeCount];
        int base = 0;
        for (int g = 0; g < p2.length; g++) {
            Pass2 part = p2[g];
            int partEdges = (int) part.edges.size();
            part.edges.copyTo(edges, base);
            if (base != 0) for (int i = groupStart[g]; i < groupStart[g + 1]; i++) outStart[i] += base;
            part.referents.forEach(i -> referentBits[i >>> 6] |= 1L << i);
            base += partEdges;
            p2[g] = null;
        }
        outStart[groupStart[p2.length]] = base;
        return edges;
    }

    /** What pass 2 fills in, one slot per object. */
    private static final class Pass2Arrays {
        final RecordOffsets offsets;
        final int[] classOf;
        final int[] rawSize;
        final int[] outStart;
        final long[] referentBits;

        Pass2Arrays(int n) {
            offsets = new RecordOffsets(n);
            classOf = new int[n];
            rawSize = new int[n];
            outStart = new int[n + 1];
            referentBits = new long[(n + 63) >>> 6];
        }
    }

    private static long[] copyIds(List<IdList> lists, int[] groupStart, int n) {
        long[] ids = new long[n];
        for (int g = 0; g < lists.size(); g++) lists.get(g).copyTo(ids, groupStart[g]);
        return ids;
    }

    /**
     * Android arrays dumped without their elements have no knowable size: they are counted as empty arrays, and the
     * dump's status says so (one line), rather than adding their declared lengths (up to 2^32 elements each) to the heap.
     */
    static WalkResult withNoDataNote(WalkResult walk, Pass1 p1) {
        if (p1.noDataArrays == 0) return walk;
        String note = String.format("%,d Android primitive array%s dumped without data (declaring %s): size unknown, "
                        + "counted as empty", p1.noDataArrays, p1.noDataArrays == 1 ? "" : "s",
                formatBytes(p1.noDataDeclaredBytes));
        String problem = walk.problem() == null ? note : walk.problem() + "; " + note;
        return new WalkResult(walk.status(), walk.bytesRead(), walk.fileSize(), problem);
    }

    private static String formatBytes(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KB", "MB", "GB", "TB", "PB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format("%.1f %s", v, units[u]);
    }

    /** Threads for the passes: the cores, at most 8 (reading is shared, so more buys nothing). */
    static int workers() {
        String forced = System.getProperty("heapsight.threads");
        if (forced != null) return Math.max(1, Integer.parseInt(forced));
        return Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
    }

    /** Splits segments into at most k contiguous groups of about equal bytes (order kept: object index = file order). */
    static List<List<HprofReader.Segment>> partition(List<HprofReader.Segment> segments, int k) {
        long total = 0;
        for (HprofReader.Segment s : segments) total += s.size();
        List<List<HprofReader.Segment>> groups = new ArrayList<>();
        List<HprofReader.Segment> current = new ArrayList<>();
        long acc = 0;
        int left = Math.max(1, Math.min(k, segments.size()));
        long target = total / left + 1;
        for (HprofReader.Segment s : segments) {
            current.add(s);
            acc += s.size();
            if (acc >= target && groups.size() < left - 1) {
                groups.add(current);
                current = new ArrayList<>();
                acc = 0;
            }
        }
        if (!current.isEmpty() || groups.isEmpty()) groups.add(current);
        return groups;
    }

    interface GroupTask {
        WalkResult run(int group) throws IOException;
    }

    /** Runs one task per group on its own thread (the caller's thread runs the last) and waits for all. */
    static List<WalkResult> runAll(int count, GroupTask task) throws IOException {
        WalkResult[] results = new WalkResult[count];
        Throwable[] failure = new Throwable[1];
        List<Thread> threads = new ArrayList<>();
        for (int g = 0; g < count - 1; g++) {
            int group = g;
            Thread worker = new Thread(() -> {
                try {
                    results[group] = task.run(group);
                } catch (Throwable t) {
                    synchronized (failure) {
                        if (failure[0] == null) failure[0] = t;
                    }
                }
            }, "heapsight-pass-" + g);
            worker.start();
            threads.add(worker);
        }
        if (count > 0) {
            try {
                results[count - 1] = task.run(count - 1);
            } catch (IOException | RuntimeException | Error e) {
                synchronized (failure) {
                    if (failure[0] == null) failure[0] = e;
                }
            }
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        if (failure[0] instanceof IOException io) throw io;
        if (failure[0] instanceof RuntimeException re) throw re;
        if (failure[0] instanceof Error er) throw er;
        return java.util.Arrays.asList(results);
    }

    /** Pass 1: the id of every object, classes, strings, roots, stacks. */
    static final class Pass1 extends BufferedObjectIds implements HprofVisitor {
        final IdList ids = new IdList();
        final Map<Long, String> strings = new HashMap<>();
        final Map<Long, Long> classNames = new HashMap<>(); // class id -> name string id
        final Map<Integer, Long> classSerials = new HashMap<>(); // class serial -> class id
        List<ClassDump> classDumps = new ArrayList<>();
        final GrowableLongs rootIds = new GrowableLongs();
        /** tag << 56 | (thread+1) << 28 | (frame+1) */
        final GrowableLongs rootMeta = new GrowableLongs();
        final Map<Long, long[]> frames = new HashMap<>(); // frame id -> method, sig, source, classSerial, line
        final Map<Integer, long[]> traces = new HashMap<>(); // trace serial -> frame ids
        final Map<Integer, Integer> traceOfThread = new HashMap<>(); // thread serial -> trace serial
        final Map<Integer, Long> threadObjects = new HashMap<>(); // thread serial -> thread object id
        long noDataArrays;
        long noDataDeclaredBytes;

        Pass1(int idSize) {
            super(idSize);
        }

        @Override
        public void utf8(long id, int length, RecordInput in) throws IOException {
            byte[] b = new byte[length];
            in.readFully(b, 0, length);
            strings.put(id, new String(b, StandardCharsets.UTF_8));
        }

        @Override
        public void loadClass(int classSerial, long classId, int stackSerial, long nameId) {
            classNames.put(classId, nameId);
            classSerials.put(classSerial, classId);
        }

        @Override
        public void stackFrame(long frameId, long methodNameId, long signatureId, long sourceFileId, int classSerial, int line) {
            frames.put(frameId, new long[]{methodNameId, signatureId, sourceFileId, classSerial, line});
        }

        @Override
        public void stackTrace(int serial, int threadSerial, long[] frameIds) {
            traces.put(serial, frameIds);
            if (threadSerial != 0) traceOfThread.putIfAbsent(threadSerial, serial);
        }

        @Override
        public void gcRoot(int tag, long objectId, int threadSerial, int frame) {
            rootIds.add(objectId);
            long t = Math.max(0, Math.min(threadSerial + 1L, 0xFFF_FFFF));
            long f = Math.max(0, Math.min(frame + 1L, 0xFFF_FFFF));
            rootMeta.add(((long) tag << 56) | (t << 28) | f);
            if (tag == io.heapsight.hprof.HprofTag.ROOT_THREAD_OBJECT) {
                threadObjects.put(threadSerial, objectId);
                if (frame > 0) traceOfThread.put(threadSerial, frame);
            }
        }

        @Override
        public void classDump(ClassDump dump) {
            classDumps.add(dump);
            ids.add(dump.classId());
        }

        @Override
        public void instance(long recordOffset, long id, long classId, int length, RecordInput in) {
            ids.add(id);
        }

        @Override
        public void objectArray(long recordOffset, long id, long arrayClassId, int length, RecordInput in) {
            ids.add(id);
        }

        @Override
        public void primitiveArray(long recordOffset, long id, int elementType, int length, RecordInput in) {
            ids.add(id);
        }

        @Override
        protected void bufferedObject(long id) {
            ids.add(id);
        }

        @Override
        public void primitiveArrayNoData(long recordOffset, long id, int elementType, long declaredLength, RecordInput in) {
            primitiveArray(recordOffset, id, elementType, 0, in);
            noDataArrays++;
            noDataDeclaredBytes += declaredLength * BasicType.primitiveSize(elementType);
        }

        /** Takes over what a worker collected from heap dump segments (records of the next group come after). */
        void absorbHeapPart(Pass1 part) {
            classDumps.addAll(part.classDumps);
            for (long i = 0; i < part.rootIds.size(); i++) {
                rootIds.add(part.rootIds.get(i));
                rootMeta.add(part.rootMeta.get(i));
            }
            threadObjects.putAll(part.threadObjects);
            traceOfThread.putAll(part.traceOfThread);
            noDataArrays += part.noDataArrays;
            noDataDeclaredBytes += part.noDataDeclaredBytes;
        }

        Map<Integer, ThreadInfo> threads(IdIndex index, ClassTable table) {
            Map<Integer, ThreadInfo> out = new HashMap<>();
            java.util.Set<Integer> serials = new java.util.TreeSet<>(threadObjects.keySet());
            serials.addAll(traceOfThread.keySet());
            for (int serial : serials) {
                Long objId = threadObjects.get(serial);
                int obj = objId == null ? -1 : index.indexOf(objId);
                List<StackFrameInfo> stack = new ArrayList<>();
                Integer trace = traceOfThread.get(serial);
                long[] frameIds = trace == null ? null : traces.get(trace);
                if (frameIds != null) {
                    for (long fid : frameIds) {
                        long[] f = frames.get(fid);
                        if (f == null) continue;
                        Long classId = classSerials.get((int) f[3]);
                        String cls = classId == null ? "?" : table.nameOfClassId(classId);
                        stack.add(new StackFrameInfo(cls, strings.getOrDefault(f[0], "?"), strings.get(f[2]), (int) f[4]));
                    }
                }
                out.put(serial, new ThreadInfo(serial, obj, List.copyOf(stack)));
            }
            return out;
        }
    }

    /** Pass 2: record offset, class and raw size of every object, and its references resolved to indexes. */
    static final class Pass2 extends BufferedObjectRecords implements HprofVisitor {
        final IdIndex ids;
        final ClassTable table;
        final RecordOffsets.Writer offsets;
        final int[] classOf;
        /** Array length for arrays (converted to a size once the layout is known). */
        final int[] rawSize;
        final int[] outStart;
        /** Only for the merged result; workers collect referents in {@link #referents}. */
        final long[] referentBits;
        final GrowableInts edges = new GrowableInts();
        final GrowableInts referents = new GrowableInts();
        final int end;
        int next;

        /** A worker for objects [start, end): writes their slots of the shared arrays, and edges of its own. */
        Pass2(int start, int end, RecordOffsets.Writer offsets, int[] classOf, int[] rawSize, int[] outStart, IdIndex ids,
              ClassTable table, int idSize) {
            super(idSize);
            this.ids = ids;
            this.table = table;
            this.offsets = offsets;
            this.classOf = classOf;
            this.rawSize = rawSize;
            this.outStart = outStart;
            this.referentBits = null;
            this.next = start;
            this.end = end;
        }

        /** The merged result of all workers. */
        Pass2(int[] classOf, int[] rawSize, int[] outStart, long[] referentBits) {
            super(0);
            this.ids = null;
            this.table = null;
            this.offsets = null;
            this.classOf = classOf;
            this.rawSize = rawSize;
            this.outStart = outStart;
            this.referentBits = referentBits;
            this.end = classOf.length;
        }

        private int begin(long recordOffset) {
            int i = next++;
            if (i >= end) throw new IllegalStateException("more objects in pass 2 than in pass 1");
            offsets.set(i, recordOffset);
            long e = edges.size();
            if (e > Integer.MAX_VALUE - 1) throw new IllegalStateException("more than 2^31 references");
            outStart[i] = (int) e; // local to this worker until merged
            return i;
        }

        /** Class lookups by id, one per object: cached (see {@link ClassCache}). */
        private final ClassCache instanceClasses = new ClassCache();
        private final ClassCache arrayClasses = new ClassCache();

        private int instanceClass(long classId, int length) {
            int ci = instanceClasses.get(classId);
            if (ci >= 0) return ci;
            ci = table.classIndexForInstance(classId, length);
            instanceClasses.put(classId, ci);
            return ci;
        }

        private int arrayClass(long arrayClassId) {
            int ci = arrayClasses.get(arrayClassId);
            if (ci >= 0) return ci;
            ci = table.classIndexForObjectArray(arrayClassId);
            arrayClasses.put(arrayClassId, ci);
            return ci;
        }

        private int indexOf(long id) {
            return ids.indexOf(id);
        }

        private void edgeTo(long id) {
            if (id == 0) return;
            int t = indexOf(id);
            if (t >= 0) edges.add(t);
        }

        @Override
        public void classDump(ClassDump d) {
            int i = begin(d.recordOffset());
            classOf[i] = table.javaLangClass();
            edgeTo(d.superId());
            edgeTo(d.loaderId());
            edgeTo(d.signersId());
            edgeTo(d.protectionDomainId());
            byte[] types = d.staticTypes();
            long[] values = d.staticValues();
            for (int k = 0; k < types.length; k++) {
                if (types[k] == BasicType.OBJECT) edgeTo(values[k]);
            }
            for (long cp : d.constantPoolObjectIds()) edgeTo(cp);
        }

        @Override
        public void instance(long recordOffset, long id, long classId, int length, RecordInput in) throws IOException {
            if (length <= in.capacity()) {
                in.ensure(length);
                bufferedInstance(recordOffset, id, classId, in.array(), in.arrayOffset(), length);
                return;
            }
            // bigger than the buffer (a hostile length): field by field through the reader
            int i = begin(recordOffset);
            int ci = instanceClass(classId, length);
            classOf[i] = ci;
            HeapClass c = table.classesRaw()[ci];
            int[] refs = c.referenceOffsets;
            if (refs != null) {
                int limit = Math.min(length, c.recordDataSize);
                long data = in.position();
                for (int k = 0; k < refs.length; k++) {
                    int off = refs[k];
                    if (off + idSize > limit) continue;
                    in.seek(data + off);
                    long ref = in.id();
                    int t = ref == 0 ? -1 : indexOf(ref);
                    if (t < 0) continue;
                    if (k == c.referentSlot) referents.add(i);
                    edges.add(t);
                }
            }
            definedClasses(i);
        }

        @Override
        protected void bufferedInstance(long recordOffset, long id, long classId, byte[] b, int data, int length) {
            int i = begin(recordOffset);
            int ci = instanceClass(classId, length);
            classOf[i] = ci;
            HeapClass c = table.classesRaw()[ci];
            int[] refs = c.referenceOffsets;
            if (refs != null && refs.length != 0) {
                int limit = Math.min(length, c.recordDataSize);
                int referentSlot = c.referentSlot;
                for (int k = 0; k < refs.length; k++) {
                    int off = refs[k];
                    if (off + idSize > limit) continue;
                    long ref = RecordInput.readId(b, data + off, idSize);
                    if (ref == 0) continue;
                    int t = indexOf(ref);
                    if (t < 0) continue;
                    if (k == referentSlot) referents.add(i);
                    edges.add(t);
                }
            }
            definedClasses(i);
        }

        /** A class loader's edges to the classes it defined. */
        private void definedClasses(int i) {
            int[] defined = table.classesDefinedBy(i);
            if (defined != null) for (int k : defined) edges.add(k);
        }

        @Override
        public void objectArray(long recordOffset, long id, long arrayClassId, int length, RecordInput in) throws IOException {
            int i = begin(recordOffset);
            classOf[i] = arrayClass(arrayClassId);
            rawSize[i] = length;
            // elements straight from the buffer, a buffer's worth at a time (the reader checked that they fit the file)
            for (int k = 0; k < length; ) {
                if (in.remainingInBuffer() < idSize) in.ensure(idSize);
                int m = Math.min(in.remainingInBuffer() / idSize, length - k);
                elements(in.array(), in.arrayOffset(), m);
                in.advance(m * idSize);
                k += m;
            }
        }

        @Override
        protected void bufferedObjectArray(long recordOffset, long id, long arrayClassId, byte[] b, int data, int length) {
            int i = begin(recordOffset);
            classOf[i] = arrayClass(arrayClassId);
            rawSize[i] = length;
            elements(b, data, length);
        }

        private void elements(byte[] b, int p, int count) {
            for (int j = 0; j < count; j++, p += idSize) {
                long ref = RecordInput.readId(b, p, idSize);
                if (ref == 0) continue;
                int t = indexOf(ref);
                if (t >= 0) edges.add(t);
            }
        }

        @Override
        public void primitiveArray(long recordOffset, long id, int elementType, int length, RecordInput in) {
            bufferedPrimitiveArray(recordOffset, id, elementType, length);
        }

        @Override
        protected void bufferedPrimitiveArray(long recordOffset, long id, int elementType, int length) {
            int i = begin(recordOffset);
            classOf[i] = table.classIndexForPrimitiveArray(elementType);
            rawSize[i] = length;
        }
    }
}

package io.heapsight.heap;

import io.heapsight.hprof.BasicType;
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
 * Pass 1 collects object ids and record offsets (file order = object index), classes, names and roots.
 * Between passes the ids are indexed for lookup. Pass 2 resolves every reference to an object index and writes the
 * edges in compressed-sparse-row form, in object order, so no sort of edges is ever needed.
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
        Pass1 p1 = new Pass1(header.idSize());
        WalkResult walk = reader.walk(p1, pos -> progress.update("reading dump (pass 1 of 2)", pos, fileSize));
        timer.lap("pass 1");
        int n = (int) p1.ids.size();
        long[] offsets = p1.offsets.toArrayAndClear();
        long[] idArray = p1.ids.toArrayAndClear();

        // classes
        ClassTable table = ClassTable.build(p1.classDumps, p1.classNames, p1.strings, header.idSize());
        p1.classDumps = null;

        progress.update("indexing object ids", 0, n);
        IdIndex ids = IdIndex.build(idArray, n);
        table.linkObjects(ids);
        timer.lap("id index");

        // pass 2: classes of objects, sizes (raw), references
        Pass2 p2 = new Pass2(n, ids, table, header.idSize());
        WalkResult walk2 = reader.walk(p2, pos -> progress.update("reading dump (pass 2 of 2)", pos, fileSize));
        if (p2.next != n) {
            throw new IOException("the dump changed while it was being read (" + p2.next + " objects in pass 2, " + n + " in pass 1)");
        }
        p2.outStart[n] = (int) p2.edges.size();
        timer.lap("pass 2");
        int[] edges = p2.edges.toArrayAndClear();

        ObjectLayout layout = LayoutDetector.detect(header.idSize(), n, ids, table, p2.classOf, p2.rawSize);
        table.applyLayout(layout);
        int[] shallow8 = p2.rawSize;
        HeapClass[] classes = table.classes();
        for (int i = 0; i < n; i++) {
            HeapClass c = classes[p2.classOf[i]];
            long size = switch (c.shape) {
                case INSTANCE -> c.instanceSize;
                case OBJECT_ARRAY -> layout.arraySize(layout.referenceSize(), shallow8[i] & 0xFFFF_FFFFL);
                case PRIMITIVE_ARRAY -> layout.arraySize(BasicType.primitiveSize(c.elementType), shallow8[i] & 0xFFFF_FFFFL);
            };
            shallow8[i] = (int) (size >>> 3);
        }
        // class objects: java.lang.Class's own size plus the static fields that live in the mirror
        for (HeapClass c : classes) {
            if (c.objectIndex >= 0) {
                long size = table.classObjectSize(c, layout);
                shallow8[c.objectIndex] = (int) (size >>> 3);
            }
        }

        timer.lap("layout and sizes");
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

        return new HeapSnapshot(plain, header, walk.complete() ? walk2 : walk, layout, n, offsets, ids, p2.classOf, shallow8,
                p2.outStart, edges, p2.referentBits, classes, table.javaLangClass(), rootObjects,
                java.util.Arrays.copyOf(kinds, kept), java.util.Arrays.copyOf(threads, kept), java.util.Arrays.copyOf(frames, kept),
                threadInfos, ch);
    }

    /** Pass 1: ids and offsets of every object, classes, strings, roots, stacks. */
    static final class Pass1 implements HprofVisitor {
        final int idSize;
        final GrowableLongs ids = new GrowableLongs();
        final GrowableLongs offsets = new GrowableLongs();
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

        Pass1(int idSize) {
            this.idSize = idSize;
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
            offsets.add(dump.recordOffset());
        }

        @Override
        public void instance(long recordOffset, long id, long classId, int length, RecordInput in) {
            ids.add(id);
            offsets.add(recordOffset);
        }

        @Override
        public void objectArray(long recordOffset, long id, long arrayClassId, int length, RecordInput in) {
            ids.add(id);
            offsets.add(recordOffset);
        }

        @Override
        public void primitiveArray(long recordOffset, long id, int elementType, int length, RecordInput in) {
            ids.add(id);
            offsets.add(recordOffset);
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

    /** Pass 2: class and raw size of every object, and its references resolved to indexes. */
    static final class Pass2 implements HprofVisitor {
        final int idSize;
        final IdIndex ids;
        final ClassTable table;
        final int[] classOf;
        /** Array length for arrays (converted to a size once the layout is known). */
        final int[] rawSize;
        final int[] outStart;
        final long[] referentBits;
        final GrowableInts edges = new GrowableInts();
        int next;

        Pass2(int n, IdIndex ids, ClassTable table, int idSize) {
            this.idSize = idSize;
            this.ids = ids;
            this.table = table;
            this.classOf = new int[n];
            this.rawSize = new int[n];
            this.outStart = new int[n + 1];
            this.referentBits = new long[(n + 63) >>> 6];
        }

        private int begin() {
            int i = next++;
            if (i >= classOf.length) throw new IllegalStateException("more objects in pass 2 than in pass 1");
            long e = edges.size();
            if (e > Integer.MAX_VALUE - 1) throw new IllegalStateException("more than 2^31 references");
            outStart[i] = (int) e;
            return i;
        }

        private void edgeTo(long id) {
            if (id == 0) return;
            int t = ids.indexOf(id);
            if (t >= 0) edges.add(t);
        }

        @Override
        public void classDump(ClassDump d) {
            int i = begin();
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
            int i = begin();
            int ci = table.classIndexForInstance(classId, length);
            classOf[i] = ci;
            HeapClass c = table.classesRaw()[ci];
            int[] refs = c.referenceOffsets;
            decodeReferences(i, c, refs, length, in);
            int[] defined = table.classesDefinedBy(i);
            if (defined != null) for (int k : defined) edges.add(k);
        }

        private void decodeReferences(int i, HeapClass c, int[] refs, int length, RecordInput in) throws IOException {
            if (refs == null || refs.length == 0) return;
            int limit = Math.min(length, c.recordDataSize);
            if (length <= in.capacity()) {
                in.ensure(length);
                byte[] b = in.array();
                int base = in.arrayOffset();
                for (int k = 0; k < refs.length; k++) {
                    int off = refs[k];
                    if (off + idSize > limit) continue;
                    long ref = RecordInput.readId(b, base + off, idSize);
                    if (ref == 0) continue;
                    int t = ids.indexOf(ref);
                    if (t < 0) continue;
                    if (k == c.referentSlot) referentBits[i >>> 6] |= 1L << i;
                    edges.add(t);
                }
            } else {
                long data = in.position();
                for (int k = 0; k < refs.length; k++) {
                    int off = refs[k];
                    if (off + idSize > limit) continue;
                    in.seek(data + off);
                    long ref = in.id();
                    int t = ref == 0 ? -1 : ids.indexOf(ref);
                    if (t < 0) continue;
                    if (k == c.referentSlot) referentBits[i >>> 6] |= 1L << i;
                    edges.add(t);
                }
            }
        }

        @Override
        public void objectArray(long recordOffset, long id, long arrayClassId, int length, RecordInput in) throws IOException {
            int i = begin();
            classOf[i] = table.classIndexForObjectArray(arrayClassId);
            rawSize[i] = length;
            for (int k = 0; k < length; k++) {
                long ref = in.id();
                if (ref != 0) {
                    int t = ids.indexOf(ref);
                    if (t >= 0) edges.add(t);
                }
            }
        }

        @Override
        public void primitiveArray(long recordOffset, long id, int elementType, int length, RecordInput in) {
            int i = begin();
            classOf[i] = table.classIndexForPrimitiveArray(elementType);
            rawSize[i] = length;
        }
    }
}

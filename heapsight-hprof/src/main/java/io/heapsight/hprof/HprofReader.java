package io.heapsight.hprof;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

import static io.heapsight.hprof.HprofTag.*;

/**
 * Walks the records of an uncompressed HPROF file in order and hands them to a visitor.
 * Defensive: every length is checked against the file (and its heap-dump segment) before anything is delivered or
 * allocated, so a truncated or hostile file ends the walk with a {@link WalkResult} instead of an exception.
 */
public final class HprofReader {
    private static final int BUFFER_SIZE = 8 << 20;
    /**
     * The top-level scan steps over heap dump segments (about 1 MB each in HotSpot dumps): a small buffer reads only
     * the few bytes around each segment boundary, where a large one would copy the whole file once more.
     */
    private static final int SCAN_BUFFER_SIZE = 64 << 10;
    private static final long PROGRESS_STEP = 32L << 20;

    private final FileChannel channel;
    private final HprofHeader header;

    public HprofReader(FileChannel channel, HprofHeader header) {
        this.channel = channel;
        this.header = header;
    }

    public HprofHeader header() {
        return header;
    }

    /** A heap dump record's body: where it starts and ends in the file, and whether the file cuts it off. */
    public record Segment(long recordStart, long bodyStart, long end, boolean cutOff) {
        public long size() {
            return end - bodyStart;
        }
    }

    /** The top-level walk of {@link #scan}: heap dump segments found but not walked, and how the walk ended. */
    public record Scan(List<Segment> segments, WalkResult topLevel) {}

    public WalkResult walk(HprofVisitor visitor, LongConsumer progress) throws IOException {
        return walk(visitor, progress, null);
    }

    /**
     * Walks the top-level records only, delivering them to the visitor, and lists the heap dump segments for
     * {@link #walkSegments} (which several threads can run on disjoint segments at once).
     */
    public Scan scan(HprofVisitor topLevelVisitor, LongConsumer progress) throws IOException {
        List<Segment> segments = new ArrayList<>();
        WalkResult r = walk(topLevelVisitor, progress, segments);
        return new Scan(segments, r);
    }

    /**
     * Walks the sub-records of the given segments in order with a buffer of its own; stops at the first truncated or
     * corrupt sub-record, as {@link #walk} would.
     */
    public WalkResult walkSegments(List<Segment> segments, HprofVisitor visitor) throws IOException {
        return walkSegments(segments, visitor, null);
    }

    /**
     * As {@link #walkSegments(List, HprofVisitor)}, with the object records that lie whole in the buffer going to
     * {@code fast} instead of the visitor (see {@link BufferedObjectRecords}); null for none.
     */
    public WalkResult walkSegments(List<Segment> segments, HprofVisitor visitor, BufferedObjectRecords fast) throws IOException {
        RecordInput in = new RecordInput(channel, header.idSize(), BUFFER_SIZE);
        long fileSize = in.fileSize();
        long lastGood = segments.isEmpty() ? header.length() : segments.get(0).bodyStart();
        try {
            for (Segment s : segments) {
                in.seek(s.bodyStart());
                lastGood = walkHeapDump(in, s.end(), visitor, s.bodyStart(), fast);
                if (s.cutOff()) {
                    return new WalkResult(WalkResult.Status.TRUNCATED, lastGood, fileSize,
                            "heap dump segment at byte " + s.recordStart() + " is cut off");
                }
                lastGood = s.end();
            }
        } catch (EOFException e) {
            return new WalkResult(WalkResult.Status.TRUNCATED, lastGood, fileSize, e.getMessage());
        } catch (HprofFormatException e) {
            return new WalkResult(WalkResult.Status.CORRUPT, lastGood, fileSize, e.getMessage());
        }
        return new WalkResult(WalkResult.Status.COMPLETE, lastGood, fileSize, null);
    }

    private WalkResult walk(HprofVisitor visitor, LongConsumer progress, List<Segment> segmentsOut) throws IOException {
        RecordInput in = new RecordInput(channel, header.idSize(), segmentsOut != null ? SCAN_BUFFER_SIZE : BUFFER_SIZE);
        long fileSize = in.fileSize();
        in.seek(header.length());
        long lastGood = header.length();
        long nextProgress = PROGRESS_STEP;
        boolean sawSegment = false, sawEnd = false, sawHeap = false;
        try {
            while (in.position() < fileSize) {
                long recordStart = in.position();
                if (fileSize - recordStart < 9) {
                    return new WalkResult(WalkResult.Status.TRUNCATED, lastGood, fileSize, "incomplete record header at the end");
                }
                int tag = in.u1();
                in.i4(); // time offset, unused
                long length = in.u4();
                long bodyStart = in.position();
                long bodyEnd = bodyStart + length;
                if (tag == HEAP_DUMP_SEGMENT) sawSegment = true;
                if (tag == HEAP_DUMP_END) sawEnd = true;
                if (tag == HEAP_DUMP || tag == HEAP_DUMP_SEGMENT) {
                    sawHeap = true;
                    long segmentEnd = Math.min(bodyEnd, fileSize);
                    if (segmentsOut != null) {
                        segmentsOut.add(new Segment(recordStart, bodyStart, segmentEnd, bodyEnd > fileSize));
                        if (bodyEnd > fileSize) {
                            return new WalkResult(WalkResult.Status.TRUNCATED, bodyStart, fileSize,
                                    "heap dump segment at byte " + recordStart + " is cut off");
                        }
                        in.seek(bodyEnd);
                        lastGood = bodyEnd;
                        continue;
                    }
                    lastGood = walkHeapDump(in, segmentEnd, visitor, lastGood, null);
                    if (bodyEnd > fileSize) {
                        return new WalkResult(WalkResult.Status.TRUNCATED, lastGood, fileSize,
                                "heap dump segment at byte " + recordStart + " is cut off");
                    }
                } else {
                    if (bodyEnd > fileSize) {
                        return new WalkResult(WalkResult.Status.TRUNCATED, lastGood, fileSize,
                                "record at byte " + recordStart + " is cut off");
                    }
                    topLevelRecord(in, tag, length, visitor);
                }
                in.seek(bodyEnd);
                lastGood = bodyEnd;
                if (progress != null && bodyEnd >= nextProgress) {
                    progress.accept(bodyEnd);
                    nextProgress = bodyEnd + PROGRESS_STEP;
                }
            }
        } catch (EOFException e) {
            return new WalkResult(WalkResult.Status.TRUNCATED, lastGood, fileSize, e.getMessage());
        } catch (HprofFormatException e) {
            return new WalkResult(WalkResult.Status.CORRUPT, lastGood, fileSize, e.getMessage());
        }
        if (progress != null) {
            progress.accept(fileSize);
        }
        if (sawSegment && !sawEnd) {
            // HotSpot closes segmented dumps with HEAP_DUMP_END: a file cut between two records ends without it
            return new WalkResult(WalkResult.Status.TRUNCATED, fileSize, fileSize, "no HEAP_DUMP_END record: the dump ends early");
        }
        if (!sawHeap) {
            return new WalkResult(WalkResult.Status.TRUNCATED, fileSize, fileSize, "the file holds no heap dump records");
        }
        return new WalkResult(WalkResult.Status.COMPLETE, fileSize, fileSize, null);
    }

    private void topLevelRecord(RecordInput in, int tag, long length, HprofVisitor v) throws IOException {
        int idSize = header.idSize();
        switch (tag) {
            case UTF8 -> {
                if (length < idSize) throw new HprofFormatException("UTF8 record shorter than an id", in.position());
                long id = in.id();
                long n = length - idSize;
                if (n > Integer.MAX_VALUE) throw new HprofFormatException("UTF8 record of " + n + " bytes", in.position());
                v.utf8(id, (int) n, in);
            }
            case LOAD_CLASS -> {
                requireLength(in, length, 8 + 2L * idSize);
                int serial = in.i4();
                long classId = in.id();
                int stackSerial = in.i4();
                long nameId = in.id();
                v.loadClass(serial, classId, stackSerial, nameId);
            }
            case STACK_FRAME -> {
                requireLength(in, length, 4L * idSize + 8);
                long frameId = in.id();
                long method = in.id();
                long sig = in.id();
                long src = in.id();
                int classSerial = in.i4();
                int line = in.i4();
                v.stackFrame(frameId, method, sig, src, classSerial, line);
            }
            case STACK_TRACE -> {
                requireLength(in, length, 12);
                int serial = in.i4();
                int threadSerial = in.i4();
                long n = in.u4();
                if (12 + n * idSize > length) throw new HprofFormatException("STACK_TRACE with " + n + " frames does not fit its record", in.position());
                long[] frames = new long[(int) n];
                for (int i = 0; i < n; i++) frames[i] = in.id();
                v.stackTrace(serial, threadSerial, frames);
            }
            default -> {
                // other records carry nothing the heap model needs; the caller skips them by length
            }
        }
    }

    private static void requireLength(RecordInput in, long length, long need) throws HprofFormatException {
        if (length < need) throw new HprofFormatException("record shorter than its fixed fields", in.position());
    }

    /** Walks sub-records up to segmentEnd; returns the end offset of the last complete sub-record. */
    private long walkHeapDump(RecordInput in, long segmentEnd, HprofVisitor v, long lastGood, BufferedObjectRecords fast)
            throws IOException {
        final int idSize = header.idSize();
        while (in.position() < segmentEnd) {
            if (fast != null) {
                int from = in.arrayOffset();
                long bufferStart = in.position() - from;
                int limit = (int) Math.min(from + (long) in.remainingInBuffer(), segmentEnd - bufferStart);
                int to = fast.consume(in.array(), from, limit, bufferStart);
                if (to != from) {
                    in.advance(to - from);
                    lastGood = in.position();
                    continue;
                }
            }
            long rec = in.position();
            int sub = in.u1();
            switch (sub) {
                case ROOT_UNKNOWN, ROOT_STICKY_CLASS, ROOT_MONITOR_USED,
                     ANDROID_ROOT_INTERNED_STRING, ANDROID_ROOT_FINALIZING, ANDROID_ROOT_DEBUGGER,
                     ANDROID_ROOT_REFERENCE_CLEANUP, ANDROID_ROOT_VM_INTERNAL, ANDROID_UNREACHABLE -> {
                    long id = in.id();
                    v.gcRoot(sub, id, -1, -1);
                }
                case ROOT_JNI_GLOBAL -> {
                    long id = in.id();
                    in.id(); // the JNI global ref's own id
                    v.gcRoot(sub, id, -1, -1);
                }
                case ROOT_JNI_LOCAL, ROOT_JAVA_FRAME, ANDROID_ROOT_JNI_MONITOR -> {
                    long id = in.id();
                    int thread = in.i4();
                    int frame = in.i4();
                    v.gcRoot(sub, id, thread, frame);
                }
                case ROOT_NATIVE_STACK, ROOT_THREAD_BLOCK -> {
                    long id = in.id();
                    int thread = in.i4();
                    v.gcRoot(sub, id, thread, -1);
                }
                case ROOT_THREAD_OBJECT -> {
                    long id = in.id();
                    int thread = in.i4();
                    int stack = in.i4();
                    v.gcRoot(sub, id, thread, stack);
                }
                case CLASS_DUMP -> v.classDump(readClassDump(in, rec, segmentEnd));
                case INSTANCE_DUMP -> {
                    long id, classId, n;
                    if (in.remainingInBuffer() >= 2 * idSize + 8) {
                        // the common case, read straight from the buffer: one bounds check instead of four
                        byte[] b = in.array();
                        int p = in.arrayOffset();
                        id = RecordInput.readId(b, p, idSize);
                        classId = RecordInput.readId(b, p + idSize + 4, idSize);
                        n = RecordInput.readInt(b, p + 2 * idSize + 4) & 0xFFFF_FFFFL;
                        in.advance(2 * idSize + 8);
                    } else {
                        id = in.id();
                        in.i4();
                        classId = in.id();
                        n = in.u4();
                    }
                    long data = in.position();
                    checkFits(rec, data, n, segmentEnd, "INSTANCE_DUMP");
                    v.instance(rec, id, classId, (int) n, in);
                    in.seek(data + n);
                }
                case OBJECT_ARRAY_DUMP -> {
                    long id, n, arrayClassId;
                    if (in.remainingInBuffer() >= 2 * idSize + 8) {
                        byte[] b = in.array();
                        int p = in.arrayOffset();
                        id = RecordInput.readId(b, p, idSize);
                        n = RecordInput.readInt(b, p + idSize + 4) & 0xFFFF_FFFFL;
                        arrayClassId = RecordInput.readId(b, p + idSize + 8, idSize);
                        in.advance(2 * idSize + 8);
                    } else {
                        id = in.id();
                        in.i4();
                        n = in.u4();
                        arrayClassId = in.id();
                    }
                    if (n > Integer.MAX_VALUE - 16) throw new HprofFormatException("OBJECT_ARRAY_DUMP with " + n + " elements", rec);
                    long data = in.position();
                    checkFits(rec, data, n * idSize, segmentEnd, "OBJECT_ARRAY_DUMP");
                    v.objectArray(rec, id, arrayClassId, (int) n, in);
                    in.seek(data + n * idSize);
                }
                case PRIMITIVE_ARRAY_DUMP, ANDROID_PRIMITIVE_ARRAY_NODATA -> {
                    long id, n;
                    int type;
                    if (in.remainingInBuffer() >= idSize + 9) {
                        byte[] b = in.array();
                        int p = in.arrayOffset();
                        id = RecordInput.readId(b, p, idSize);
                        n = RecordInput.readInt(b, p + idSize + 4) & 0xFFFF_FFFFL;
                        type = b[p + idSize + 8] & 0xFF;
                        in.advance(idSize + 9);
                    } else {
                        id = in.id();
                        in.i4();
                        n = in.u4();
                        type = in.u1();
                    }
                    int es = BasicType.sizeInFile(type, idSize);
                    if (es <= 0 || type == BasicType.OBJECT) {
                        throw new HprofFormatException("PRIMITIVE_ARRAY_DUMP with element type " + type, rec);
                    }
                    if (sub == ANDROID_PRIMITIVE_ARRAY_NODATA) {
                        // Android left the elements out: the declared length is a claim, not data we hold
                        long after = in.position();
                        v.primitiveArrayNoData(rec, id, type, n, in);
                        in.seek(after);
                        break;
                    }
                    if (n > Integer.MAX_VALUE - 16) throw new HprofFormatException("PRIMITIVE_ARRAY_DUMP with " + n + " elements", rec);
                    long data = in.position();
                    long bytes = n * es;
                    checkFits(rec, data, bytes, segmentEnd, "PRIMITIVE_ARRAY_DUMP");
                    v.primitiveArray(rec, id, type, (int) n, in);
                    in.seek(data + bytes);
                }
                case ANDROID_HEAP_DUMP_INFO -> {
                    in.i4();
                    in.id();
                }
                default -> throw new HprofFormatException(String.format("unknown heap dump sub-record tag 0x%02X", sub), rec);
            }
            if (in.position() > segmentEnd) {
                throw new HprofFormatException("sub-record runs past the end of its heap dump segment", rec);
            }
            lastGood = in.position();
        }
        return lastGood;
    }

    private void checkFits(long rec, long data, long n, long segmentEnd, String what) throws IOException {
        if (n > Integer.MAX_VALUE && !what.equals("PRIMITIVE_ARRAY_DUMP") && !what.equals("OBJECT_ARRAY_DUMP")) {
            throw new HprofFormatException(what + " claims " + n + " bytes", rec);
        }
        if (data + n > segmentEnd) {
            if (segmentEnd >= channel.size()) {
                throw new EOFException(what + " at byte " + rec + " is cut off by the end of the file");
            }
            throw new HprofFormatException(what + " of " + n + " bytes does not fit in its heap dump segment", rec);
        }
    }

    private ClassDump readClassDump(RecordInput in, long rec, long segmentEnd) throws IOException {
        long classId = in.id();
        in.i4();
        long superId = in.id();
        long loaderId = in.id();
        long signersId = in.id();
        long pdId = in.id();
        in.id();
        in.id();
        int instanceSize = in.i4();
        int cpCount = in.u2();
        requireRoom(in, cpCount, 2 + 1 + 1, segmentEnd, rec, "constant pool entries");
        // constant pool: keep object references only (they keep objects alive)
        long[] cpObjects = new long[0];
        int cpObj = 0;
        for (int i = 0; i < cpCount; i++) {
            in.u2();
            int type = in.u1();
            long value = valueChecked(in, type, rec);
            if (type == BasicType.OBJECT && value != 0) {
                if (cpObj == cpObjects.length) cpObjects = java.util.Arrays.copyOf(cpObjects, Math.max(4, cpObj * 2));
                cpObjects[cpObj++] = value;
            }
            boundCheck(in, segmentEnd, rec);
        }
        int staticCount = in.u2();
        requireRoom(in, staticCount, idSize() + 1 + 1, segmentEnd, rec, "static fields");
        long[] staticNames = new long[staticCount];
        byte[] staticTypes = new byte[staticCount];
        long[] staticValues = new long[staticCount];
        for (int i = 0; i < staticCount; i++) {
            staticNames[i] = in.id();
            int type = in.u1();
            staticTypes[i] = (byte) type;
            staticValues[i] = valueChecked(in, type, rec);
            boundCheck(in, segmentEnd, rec);
        }
        int fieldCount = in.u2();
        requireRoom(in, fieldCount, idSize() + 1, segmentEnd, rec, "instance fields");
        long[] fieldNames = new long[fieldCount];
        byte[] fieldTypes = new byte[fieldCount];
        for (int i = 0; i < fieldCount; i++) {
            fieldNames[i] = in.id();
            int type = in.u1();
            if (!BasicType.isValid(type)) {
                throw new HprofFormatException("CLASS_DUMP field with type " + type, rec);
            }
            fieldTypes[i] = (byte) type;
            boundCheck(in, segmentEnd, rec);
        }
        return new ClassDump(rec, classId, superId, loaderId, signersId, pdId, instanceSize,
                java.util.Arrays.copyOf(cpObjects, cpObj), staticNames, staticTypes, staticValues, fieldNames, fieldTypes);
    }

    private int idSize() {
        return header.idSize();
    }

    /**
     * A count read from the file may size an allocation only when the entries it announces, at their smallest, fit
     * in what is left of the heap dump segment.
     */
    private static void requireRoom(RecordInput in, int count, int minEntryBytes, long segmentEnd, long rec, String what)
            throws IOException {
        if ((long) count * minEntryBytes > segmentEnd - in.position()) {
            if (segmentEnd >= in.fileSize()) throw new EOFException("CLASS_DUMP at byte " + rec + " is cut off");
            throw new HprofFormatException("CLASS_DUMP with " + count + " " + what + " does not fit its heap dump segment", rec);
        }
    }

    private static long valueChecked(RecordInput in, int type, long rec) throws IOException {
        if (!BasicType.isValid(type)) {
            throw new HprofFormatException("CLASS_DUMP value with type " + type, rec);
        }
        return in.value(type);
    }

    private static void boundCheck(RecordInput in, long segmentEnd, long rec) throws IOException {
        if (in.position() > segmentEnd) {
            if (segmentEnd >= in.fileSize()) throw new EOFException("CLASS_DUMP at byte " + rec + " is cut off");
            throw new HprofFormatException("CLASS_DUMP runs past its heap dump segment", rec);
        }
    }
}

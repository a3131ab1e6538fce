package io.heapsight.heap;

import io.heapsight.hprof.BasicType;
import io.heapsight.hprof.HprofTag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * Reads the contents of single objects back from the dump by their record offset: field values, array elements,
 * string text. Used for the few objects a report shows, never in a pass over the whole heap.
 */
public final class ObjectReader {
    private final HeapSnapshot snap;
    private final FileChannel channel;
    private final int idSize;

    ObjectReader(HeapSnapshot snap, FileChannel channel) {
        this.snap = snap;
        this.channel = channel;
        this.idSize = snap.header.idSize();
    }

    private ByteBuffer read(long offset, int length) {
        try {
            long size = channel.size();
            int n = (int) Math.max(0, Math.min(length, size - offset));
            ByteBuffer b = ByteBuffer.allocate(n);
            while (b.hasRemaining()) {
                int r = channel.read(b, offset + b.position());
                if (r < 0) break;
            }
            b.flip();
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dump: " + e.getMessage(), e);
        }
    }

    private long id(ByteBuffer b, int pos) {
        return idSize == 8 ? b.getLong(pos) : b.getInt(pos) & 0xFFFF_FFFFL;
    }

    long objectId(int obj) {
        long known = snap.idWithoutDump(obj);
        if (known != 0) return known;
        ByteBuffer b = read(snap.recordOffset(obj) + 1, idSize);
        return b.remaining() < idSize ? 0 : id(b, 0);
    }

    /** The record's tag and the offset of its data, plus its length in elements/bytes. */
    private record Header(int tag, long dataOffset, long length, int elementType) {}

    private Header header(int obj) {
        long off = snap.recordOffset(obj);
        ByteBuffer b = read(off, 1 + 3 * idSize + 9);
        int tag = b.get(0) & 0xFF;
        int p = 1 + idSize + 4; // tag, id, stack serial
        return switch (tag) {
            case HprofTag.INSTANCE_DUMP -> new Header(tag, off + p + idSize + 4, b.getInt(p + idSize) & 0xFFFF_FFFFL, 0);
            case HprofTag.OBJECT_ARRAY_DUMP -> new Header(tag, off + p + 4 + idSize, b.getInt(p) & 0xFFFF_FFFFL, BasicType.OBJECT);
            case HprofTag.PRIMITIVE_ARRAY_DUMP -> new Header(tag, off + p + 5, b.getInt(p) & 0xFFFF_FFFFL, b.get(p + 4));
            default -> new Header(tag, off, 0, 0);
        };
    }

    /** Length of an array object, or -1 for other objects. */
    public int arrayLength(int obj) {
        Header h = header(obj);
        return h.tag == HprofTag.OBJECT_ARRAY_DUMP || h.tag == HprofTag.PRIMITIVE_ARRAY_DUMP ? (int) h.length : -1;
    }

    /** Raw bits of an instance field (by name, nearest declaration wins), or null when the object has no such field. */
    public Long fieldValue(int obj, String fieldName) {
        HeapClass c = snap.classOfObject(obj);
        if (c.shape != HeapClass.Shape.INSTANCE || c.fieldNames == null) return null;
        for (int f = 0; f < c.fieldNames.length; f++) {
            if (c.fieldNames[f].equals(fieldName)) {
                Header h = header(obj);
                if (h.tag != HprofTag.INSTANCE_DUMP) return null;
                int size = BasicType.sizeInFile(c.fieldTypes[f], idSize);
                if (c.fieldOffsets[f] + size > h.length) return null;
                ByteBuffer b = read(h.dataOffset + c.fieldOffsets[f], size);
                if (b.remaining() < size) return null;
                return switch (c.fieldTypes[f]) {
                    case BasicType.OBJECT -> id(b, 0);
                    case BasicType.BOOLEAN, BasicType.BYTE -> (long) b.get(0);
                    case BasicType.CHAR -> (long) b.getChar(0);
                    case BasicType.SHORT -> (long) b.getShort(0);
                    case BasicType.INT, BasicType.FLOAT -> (long) b.getInt(0);
                    default -> b.getLong(0);
                };
            }
        }
        return null;
    }

    /** The object a reference field points to, or -1 (null, missing field, or an object not in the dump). */
    public int fieldObject(int obj, String fieldName) {
        Long v = fieldValue(obj, fieldName);
        return v == null || v == 0 ? -1 : snap.indexOfId(v);
    }

    /** Elements of an object array as object indexes (-1 for null), at most max of them. */
    public int[] objectArrayElements(int obj, int max) {
        Header h = header(obj);
        if (h.tag != HprofTag.OBJECT_ARRAY_DUMP) return new int[0];
        int n = (int) Math.min(h.length, max);
        ByteBuffer b = read(h.dataOffset, n * idSize);
        n = Math.min(n, b.remaining() / idSize);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            long id = id(b, i * idSize);
            out[i] = id == 0 ? -1 : snap.indexOfId(id);
        }
        return out;
    }

    /** Raw bytes of a primitive array (big-endian as in the dump), at most maxBytes. */
    public byte[] primitiveArrayBytes(int obj, int maxBytes) {
        Header h = header(obj);
        if (h.tag != HprofTag.PRIMITIVE_ARRAY_DUMP) return new byte[0];
        long bytes = h.length * BasicType.primitiveSize(h.elementType);
        ByteBuffer b = read(h.dataOffset, (int) Math.min(bytes, maxBytes));
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** Element type (BasicType) of a primitive array, or 0. */
    public int primitiveArrayType(int obj) {
        Header h = header(obj);
        return h.tag == HprofTag.PRIMITIVE_ARRAY_DUMP ? h.elementType : 0;
    }

    /** The text of a java.lang.String (JDK 8 char[] or JDK 9+ byte[] with coder), cut at maxChars; null if not a String. */
    public String readString(int obj, int maxChars) {
        if (!"java.lang.String".equals(snap.classOfObject(obj).name())) return null;
        int value = fieldObject(obj, "value");
        if (value < 0) return "";
        int type = primitiveArrayType(value);
        Long coder = fieldValue(obj, "coder");
        if (type == BasicType.CHAR || (coder != null && coder == 1)) {
            byte[] raw = primitiveArrayBytes(value, maxChars * 2);
            return new String(raw, StandardCharsets.UTF_16BE);
        }
        if (type == BasicType.BYTE) {
            byte[] raw = primitiveArrayBytes(value, maxChars);
            return new String(raw, StandardCharsets.ISO_8859_1);
        }
        return "";
    }

    /**
     * Names the reference from {@code from} to {@code to}: "Declaring.field" for an instance field, "[i]" for an
     * array slot, "static Declaring.field" for a static, or a structural name (super, classloader) for class objects.
     */
    public String referenceName(int from, int to) {
        long toId = snap.objectId(to);
        int classIndex = snap.classIndexOfClassObject(from);
        if (classIndex >= 0) {
            HeapClass c = snap.heapClass(classIndex);
            for (int i = 0; i < c.staticNames.length; i++) {
                if (c.staticTypes[i] == BasicType.OBJECT && c.staticValues[i] == toId) {
                    return "static " + c.name + "." + c.staticNames[i];
                }
            }
            if (c.superIndex >= 0 && snap.heapClass(c.superIndex).objectIndex == to) return "<superclass>";
            if (c.loaderId == toId) return "<classloader>";
            return "<class reference>";
        }
        if (snap.classObjectOf(from) == to) return "<class>";
        int definedClass = snap.classIndexOfClassObject(to);
        if (definedClass >= 0 && snap.heapClass(definedClass).loaderId == snap.objectId(from)) return "<defines class>";
        Header h = header(from);
        if (h.tag == HprofTag.OBJECT_ARRAY_DUMP) {
            int n = (int) Math.min(h.length, 1 << 24);
            int chunk = 1 << 16;
            for (int start = 0; start < n; start += chunk) {
                int k = Math.min(chunk, n - start);
                ByteBuffer b = read(h.dataOffset + (long) start * idSize, k * idSize);
                for (int i = 0; i < k && (i + 1) * idSize <= b.limit(); i++) {
                    if (id(b, i * idSize) == toId) return "[" + (start + i) + "]";
                }
            }
            return "[?]";
        }
        if (h.tag == HprofTag.INSTANCE_DUMP) {
            HeapClass c = snap.classOfObject(from);
            ByteBuffer b = read(h.dataOffset, (int) Math.min(h.length, 1 << 20));
            for (int f = 0; f < c.fieldNames.length; f++) {
                if (c.fieldTypes[f] != BasicType.OBJECT) continue;
                int off = c.fieldOffsets[f];
                if (off + idSize > b.limit()) continue;
                if (id(b, off) == toId) {
                    return snap.heapClass(c.fieldDeclaringClass[f]).name + "." + c.fieldNames[f];
                }
            }
        }
        return "?";
    }

    /**
     * Raw bits of every instance field, in {@link HeapClass#fieldNames()} order (references as ids), or null when the
     * object is not an instance. Fields that the record is too short to hold (a damaged dump) read as 0.
     */
    public long[] fieldValues(int obj) {
        HeapClass c = snap.classOfObject(obj);
        if (c.shape != HeapClass.Shape.INSTANCE || c.fieldNames == null) return null;
        Header h = header(obj);
        if (h.tag != HprofTag.INSTANCE_DUMP) return null;
        ByteBuffer b = read(h.dataOffset, (int) Math.min(h.length, 1 << 20));
        long[] out = new long[c.fieldNames.length];
        for (int f = 0; f < out.length; f++) {
            int off = c.fieldOffsets[f];
            int size = BasicType.sizeInFile(c.fieldTypes[f], idSize);
            if (off < 0 || off + size > b.limit()) continue;
            out[f] = switch (c.fieldTypes[f]) {
                case BasicType.OBJECT -> id(b, off);
                case BasicType.BOOLEAN, BasicType.BYTE -> b.get(off);
                case BasicType.CHAR -> b.getChar(off);
                case BasicType.SHORT -> b.getShort(off);
                case BasicType.INT, BasicType.FLOAT -> b.getInt(off);
                default -> b.getLong(off);
            };
        }
        return out;
    }

    /** Ids (0 for null) of an object array's elements from index {@code from}, at most {@code max} of them. */
    public long[] objectArrayIds(int obj, long from, int max) {
        Header h = header(obj);
        if (h.tag != HprofTag.OBJECT_ARRAY_DUMP || from < 0 || from >= h.length) return new long[0];
        int n = (int) Math.min(h.length - from, Math.max(0, max));
        ByteBuffer b = read(h.dataOffset + from * idSize, n * idSize);
        n = Math.min(n, b.remaining() / idSize);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) out[i] = id(b, i * idSize);
        return out;
    }

    /** Raw big-endian bytes of a primitive array's elements from index {@code from}, at most {@code max} elements. */
    public byte[] primitiveArrayBytes(int obj, long from, int max) {
        Header h = header(obj);
        if (h.tag != HprofTag.PRIMITIVE_ARRAY_DUMP || from < 0 || from >= h.length) return new byte[0];
        int size = BasicType.primitiveSize(h.elementType);
        if (size <= 0) return new byte[0];
        int n = (int) Math.min(h.length - from, Math.max(0, max));
        ByteBuffer b = read(h.dataOffset + from * size, n * size);
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}

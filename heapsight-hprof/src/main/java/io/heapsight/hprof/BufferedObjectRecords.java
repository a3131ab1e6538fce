package io.heapsight.hprof;

import java.io.IOException;

/**
 * A pass's fast path beside its {@link HprofVisitor}: the object records (instances, object and primitive arrays) that
 * lie whole in the reader's buffer, decoded in one tight loop over the byte[] instead of a {@link RecordInput} call per
 * field and a visitor call through the general walk. Tens of millions of records go through here; anything else
 * (roots, class dumps, a record cut by the buffer's end, anything odd) stops the loop, and the reader decodes that one
 * record the usual way, with the usual checks and errors, before coming back. A record taken here is exactly one the
 * general walk would have accepted: it lies whole inside its heap dump segment (so inside the file), with a known
 * element type.
 */
public abstract class BufferedObjectRecords {
    protected final int idSize;

    protected BufferedObjectRecords(int idSize) {
        this.idSize = idSize;
    }

    /** An INSTANCE_DUMP: its field values are buf[data, data + length). */
    protected abstract void bufferedInstance(long recordOffset, long id, long classId, byte[] buf, int data, int length)
            throws IOException;

    /** An OBJECT_ARRAY_DUMP: its elements are buf[data, data + length * idSize). */
    protected abstract void bufferedObjectArray(long recordOffset, long id, long arrayClassId, byte[] buf, int data,
                                                int length) throws IOException;

    /** A PRIMITIVE_ARRAY_DUMP (its elements are not handed over: no pass reads them). */
    protected abstract void bufferedPrimitiveArray(long recordOffset, long id, int elementType, int length)
            throws IOException;

    /**
     * Consumes whole object records from buf[from, limit), which the caller has clipped to the heap dump segment;
     * {@code bufferStart} is the file position of buf[0]. Returns the position after the last record consumed
     * ({@code from} when the first one is not taken). {@link BufferedObjectIds} replaces it with a loop of its own.
     */
    int consume(byte[] buf, int from, int limit, long bufferStart) throws IOException {
        final int idSize = this.idSize;
        final int objectHeader = 1 + 2 * idSize + 8; // tag, id, stack serial, class id / length, length / class id
        final int primitiveHeader = 1 + idSize + 9;  // tag, id, stack serial, length, element type
        int p = from;
        while (p < limit) {
            int tag = buf[p];
            if (tag == HprofTag.INSTANCE_DUMP) {
                int data = p + objectHeader;
                if (data > limit) break;
                long n = RecordInput.readInt(buf, data - 4) & 0xFFFF_FFFFL;
                if (n > limit - data) break;
                long id = RecordInput.readId(buf, p + 1, idSize);
                long classId = RecordInput.readId(buf, p + 1 + idSize + 4, idSize);
                bufferedInstance(bufferStart + p, id, classId, buf, data, (int) n);
                p = data + (int) n;
            } else if (tag == HprofTag.PRIMITIVE_ARRAY_DUMP) {
                int data = p + primitiveHeader;
                if (data > limit) break;
                long n = RecordInput.readInt(buf, p + 1 + idSize + 4) & 0xFFFF_FFFFL;
                int type = buf[data - 1] & 0xFF;
                int es = BasicType.sizeInFile(type, idSize);
                if (es <= 0 || type == BasicType.OBJECT) break;
                long bytes = n * es;
                if (bytes > limit - data) break;
                bufferedPrimitiveArray(bufferStart + p, RecordInput.readId(buf, p + 1, idSize), type, (int) n);
                p = data + (int) bytes;
            } else if (tag == HprofTag.OBJECT_ARRAY_DUMP) {
                int data = p + objectHeader;
                if (data > limit) break;
                long n = RecordInput.readInt(buf, p + 1 + idSize + 4) & 0xFFFF_FFFFL;
                long bytes = n * idSize;
                if (bytes > limit - data) break;
                long id = RecordInput.readId(buf, p + 1, idSize);
                long arrayClassId = RecordInput.readId(buf, p + 1 + idSize + 8, idSize);
                bufferedObjectArray(bufferStart + p, id, arrayClassId, buf, data, (int) n);
                p = data + (int) bytes;
            } else {
                break;
            }
        }
        return p;
    }

    /**
     * Where the object record at buf[p] ends when it lies whole in buf[p, limit) and would be taken by {@link #consume},
     * else -1.
     */
    static int recordEnd(byte[] buf, int p, int limit, int idSize) {
        int tag = buf[p];
        if (tag == HprofTag.INSTANCE_DUMP) {
            int data = p + 1 + 2 * idSize + 8;
            if (data > limit) return -1;
            long n = RecordInput.readInt(buf, data - 4) & 0xFFFF_FFFFL;
            return n > limit - data ? -1 : data + (int) n;
        } else if (tag == HprofTag.PRIMITIVE_ARRAY_DUMP) {
            int data = p + 1 + idSize + 9;
            if (data > limit) return -1;
            long n = RecordInput.readInt(buf, p + 1 + idSize + 4) & 0xFFFF_FFFFL;
            int type = buf[data - 1] & 0xFF;
            int es = BasicType.sizeInFile(type, idSize);
            if (es <= 0 || type == BasicType.OBJECT) return -1;
            long bytes = n * es;
            return bytes > limit - data ? -1 : data + (int) bytes;
        } else if (tag == HprofTag.OBJECT_ARRAY_DUMP) {
            int data = p + 1 + 2 * idSize + 8;
            if (data > limit) return -1;
            long bytes = (RecordInput.readInt(buf, p + 1 + idSize + 4) & 0xFFFF_FFFFL) * idSize;
            return bytes > limit - data ? -1 : data + (int) bytes;
        }
        return -1;
    }
}

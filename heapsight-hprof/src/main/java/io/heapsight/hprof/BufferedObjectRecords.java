package io.heapsight.hprof;

import java.io.IOException;

/**
 * A pass's fast path beside its {@link HprofVisitor}: the object records (instances, object and primitive arrays) that
 * lie whole in the reader's buffer, decoded in one tight loop over the byte[] instead of a {@link RecordInput} call per
 * field and a visitor call through the general walk. Tens of millions of records go through here; anything else
 * (roots, class dumps, a record cut by the buffer's end or starting too close to it for its header, anything odd) stops
 * the loop, and the reader decodes that one record the usual way, with the usual checks and errors, before coming back. A record taken here is exactly one the
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
        final int objectHeader = headerRoom(idSize); // tag, id, stack serial, class id / length, length / class id
        final int primitiveHeader = 1 + idSize + 9;  // tag, id, stack serial, length, element type
        final int lastStart = limit - objectHeader;
        int p = from;
        while (p <= lastStart) {
            long end = recordEnd(buf, p, idSize);
            if (end > limit) break;
            int tag = buf[p];
            long id = RecordInput.readId(buf, p + 1, idSize);
            if (tag == HprofTag.INSTANCE_DUMP) {
                int data = p + objectHeader;
                long classId = RecordInput.readId(buf, p + 1 + idSize + 4, idSize);
                bufferedInstance(bufferStart + p, id, classId, buf, data, (int) end - data);
            } else if (tag == HprofTag.PRIMITIVE_ARRAY_DUMP) {
                int length = RecordInput.readInt(buf, p + 1 + idSize + 4);
                bufferedPrimitiveArray(bufferStart + p, id, buf[p + primitiveHeader - 1] & 0xFF, length);
            } else {
                int length = RecordInput.readInt(buf, p + 1 + idSize + 4);
                long arrayClassId = RecordInput.readId(buf, p + 1 + idSize + 8, idSize);
                bufferedObjectArray(bufferStart + p, id, arrayClassId, buf, p + objectHeader, length);
            }
            p = (int) end;
        }
        return p;
    }

    /**
     * Room for the longest object record header (an instance's or object array's): {@link #consume} leaves a record
     * that starts closer than that to the limit to the reader, so it reads every header field with no check.
     */
    static int headerRoom(int idSize) {
        return 1 + 2 * idSize + 8;
    }

    /**
     * Where the object record at buf[p] ends (past the limit when cut there) if it is one {@link #consume} takes, else
     * Long.MAX_VALUE; its header must lie in the buffer ({@link #headerRoom}). A record not taken and a record cut by
     * the limit thus leave the loop through one branch, which roots and class dumps take from the start: a record cut
     * at a buffer's end (first met after the JIT compiled the loop) no longer sends the loop back to be compiled again,
     * once per way of being cut.
     */
    static long recordEnd(byte[] buf, int p, int idSize) {
        int tag = buf[p];
        if (tag == HprofTag.INSTANCE_DUMP) {
            int data = p + 1 + 2 * idSize + 8;
            return data + (RecordInput.readInt(buf, data - 4) & 0xFFFF_FFFFL);
        } else if (tag == HprofTag.PRIMITIVE_ARRAY_DUMP) {
            int data = p + 1 + idSize + 9;
            int type = buf[data - 1] & 0xFF;
            int es = BasicType.sizeInFile(type, idSize);
            if (es <= 0 || type == BasicType.OBJECT) return Long.MAX_VALUE;
            return data + (RecordInput.readInt(buf, p + 1 + idSize + 4) & 0xFFFF_FFFFL) * es;
        } else if (tag == HprofTag.OBJECT_ARRAY_DUMP) {
            int data = p + 1 + 2 * idSize + 8;
            return data + (RecordInput.readInt(buf, p + 1 + idSize + 4) & 0xFFFF_FFFFL) * idSize;
        }
        return Long.MAX_VALUE;
    }
}

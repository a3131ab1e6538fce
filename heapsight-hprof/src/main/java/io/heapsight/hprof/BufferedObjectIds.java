package io.heapsight.hprof;

import java.io.IOException;

/**
 * {@link BufferedObjectRecords} for a pass that needs only each object's id: the same records are taken, through a
 * loop of its own. A separate loop keeps each one's profile to one pass: when one loop served both parses, the JIT
 * compiled it for the first pass's receiver, threw that away when the second pass's arrived (class checks), and
 * compiled it again, 14 times at 30M (0.35-0.45 s of CPU).
 */
public abstract class BufferedObjectIds extends BufferedObjectRecords {

    protected BufferedObjectIds(int idSize) {
        super(idSize);
    }

    /** An object record taken from the buffer: an instance, an object array or a primitive array. */
    protected abstract void bufferedObject(long id) throws IOException;

    @Override
    final int consume(byte[] buf, int from, int limit, long bufferStart) throws IOException {
        final int idSize = this.idSize;
        final int lastStart = limit - headerRoom(idSize);
        int p = from;
        while (p <= lastStart) {
            long end = recordEnd(buf, p, idSize);
            if (end > limit) break;
            bufferedObject(RecordInput.readId(buf, p + 1, idSize));
            p = (int) end;
        }
        return p;
    }

    @Override
    protected final void bufferedInstance(long recordOffset, long id, long classId, byte[] buf, int data, int length) {
        throw new AssertionError("not used: consume hands over ids only");
    }

    @Override
    protected final void bufferedObjectArray(long recordOffset, long id, long arrayClassId, byte[] buf, int data,
                                             int length) {
        throw new AssertionError("not used: consume hands over ids only");
    }

    @Override
    protected final void bufferedPrimitiveArray(long recordOffset, long id, int elementType, int length) {
        throw new AssertionError("not used: consume hands over ids only");
    }
}

package io.heapsight.hprof;

import java.io.IOException;

/**
 * Receives the records of a dump in file order. Every method has a no-op default, so a pass implements only what
 * it needs. Where an {@link RecordInput} is passed it is positioned at the record's data; the reader moves past
 * the record afterwards whatever the visitor read. A record is only delivered when it lies entirely in the file.
 */
public interface HprofVisitor {

    default void utf8(long id, int length, RecordInput in) throws IOException {}

    default void loadClass(int classSerial, long classId, int stackSerial, long nameId) {}

    default void stackFrame(long frameId, long methodNameId, long signatureId, long sourceFileId, int classSerial, int line) {}

    default void stackTrace(int serial, int threadSerial, long[] frameIds) {}

    /** A GC root sub-record; {@code tag} is one of the HprofTag.ROOT_* values. Thread serial and frame are -1 when absent. */
    default void gcRoot(int tag, long objectId, int threadSerial, int frame) {}

    default void classDump(ClassDump dump) {}

    default void instance(long recordOffset, long id, long classId, int length, RecordInput in) throws IOException {}

    default void objectArray(long recordOffset, long id, long arrayClassId, int length, RecordInput in) throws IOException {}

    default void primitiveArray(long recordOffset, long id, int elementType, int length, RecordInput in) throws IOException {}

    /**
     * An Android primitive array dumped without its elements (sub-record 0xC3): {@code declaredLength} is what the
     * header claims (up to 2^32 - 1) and nothing backs it. By default delivered as an empty primitive array, so
     * passes that count object records in file order see every object.
     */
    default void primitiveArrayNoData(long recordOffset, long id, int elementType, long declaredLength, RecordInput in)
            throws IOException {
        primitiveArray(recordOffset, id, elementType, 0, in);
    }
}

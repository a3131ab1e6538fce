package io.heapsight.hprof;

/**
 * A CLASS_DUMP sub-record. Static values and constant-pool values are raw bits (object ids for OBJECT type).
 * Instance fields are the class's own declared fields, in the order instance records store them.
 */
public record ClassDump(
        long recordOffset,
        long classId,
        long superId,
        long loaderId,
        long signersId,
        long protectionDomainId,
        int instanceSize,
        long[] constantPoolObjectIds,
        long[] staticNameIds,
        byte[] staticTypes,
        long[] staticValues,
        long[] fieldNameIds,
        byte[] fieldTypes) {
}

package io.heapsight.heap;

/**
 * How the JVM that wrote the dump laid objects out: header size and reference size. HPROF does not record it,
 * so it is inferred (see {@link LayoutDetector}); sizes then match what the JVM itself reports (jmap -histo, MAT 1.17).
 */
public record ObjectLayout(String name, int headerSize, int referenceSize, int arrayLengthFieldSize, int alignment) {

    public static final ObjectLayout BITS32 = new ObjectLayout("32-bit", 8, 4, 4, 8);
    public static final ObjectLayout UNCOMPRESSED = new ObjectLayout("64-bit, uncompressed oops and class pointers", 16, 8, 4, 8);
    public static final ObjectLayout COMPRESSED_CLASS_ONLY = new ObjectLayout("64-bit, compressed class pointers, uncompressed oops", 12, 8, 4, 8);
    public static final ObjectLayout COMPRESSED = new ObjectLayout("64-bit, compressed oops and class pointers", 12, 4, 4, 8);
    public static final ObjectLayout COMPACT_HEADERS = new ObjectLayout("64-bit, compact object headers, compressed oops", 8, 4, 4, 8);

    /** Candidates for a 64-bit dump, largest objects first. */
    public static final ObjectLayout[] CANDIDATES_64 = {UNCOMPRESSED, COMPRESSED_CLASS_ONLY, COMPRESSED, COMPACT_HEADERS};

    public long align(long size) {
        return (size + alignment - 1) & -alignment;
    }

    /** Instance size from the sum of its field sizes (references counted at {@link #referenceSize}). */
    public long instanceSize(int referenceFields, long primitiveFieldBytes) {
        return align(headerSize + (long) referenceFields * referenceSize + primitiveFieldBytes);
    }

    /** Array size: header, length field, elements (8-byte elements start 8-aligned). */
    public long arraySize(int elementSize, long length) {
        long base = headerSize + arrayLengthFieldSize;
        if (elementSize >= 8 || headerSize + arrayLengthFieldSize > 12) {
            base = align(base);
        }
        return align(base + elementSize * length);
    }
}

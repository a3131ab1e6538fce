package io.heapsight.heap;

/**
 * How the JVM that wrote the dump laid objects out: header size, reference size, and how instance fields were
 * placed (which changed in JDK 15). HPROF does not record it, so it is inferred (see {@link LayoutDetector}); sizes
 * then match what the JVM itself reports (jmap -histo, MAT 1.17).
 *
 * @param fieldScheme how fields are placed: {@link FieldScheme#PER_CLASS} up to JDK 14, {@link FieldScheme#PACKED} after
 * @param jdk         the JDK feature release whose hidden (injected) fields apply, 0 when unknown
 */
public record ObjectLayout(String name, int headerSize, int referenceSize, int arrayLengthFieldSize, int alignment,
                           FieldScheme fieldScheme, int jdk) {

    /** HotSpot's two field layout algorithms. */
    public enum FieldScheme {
        /** JDK 6–14: each class's fields in their own block after the superclass's, grouped by size. */
        PER_CLASS,
        /** JDK 15+: fields of the whole hierarchy packed, holes of superclasses filled. */
        PACKED
    }

    public static final ObjectLayout BITS32 = new ObjectLayout("32-bit", 8, 4, 4, 8);
    public static final ObjectLayout UNCOMPRESSED = new ObjectLayout("64-bit, uncompressed oops and class pointers", 16, 8, 4, 8);
    public static final ObjectLayout COMPRESSED_CLASS_ONLY = new ObjectLayout("64-bit, compressed class pointers, uncompressed oops", 12, 8, 4, 8);
    public static final ObjectLayout COMPRESSED = new ObjectLayout("64-bit, compressed oops and class pointers", 12, 4, 4, 8);
    public static final ObjectLayout COMPACT_HEADERS = new ObjectLayout("64-bit, compact object headers, compressed oops", 8, 4, 4, 8);

    /** Candidates for a 64-bit dump, largest objects first. */
    public static final ObjectLayout[] CANDIDATES_64 = {UNCOMPRESSED, COMPRESSED_CLASS_ONLY, COMPRESSED, COMPACT_HEADERS};

    /** Header and reference geometry with the JDK 15+ field layout (the JDK unknown). */
    public ObjectLayout(String name, int headerSize, int referenceSize, int arrayLengthFieldSize, int alignment) {
        this(name, headerSize, referenceSize, arrayLengthFieldSize, alignment, FieldScheme.PACKED, 0);
    }

    /** The same geometry with the field layout of the given JDK (its name says which). */
    public ObjectLayout withFields(FieldScheme scheme, int jdkRelease) {
        int base = name.indexOf("; ");
        String geometry = base < 0 ? name : name.substring(0, base);
        String fields = scheme == FieldScheme.PER_CLASS
                ? (jdkRelease > 0 ? "JDK " + jdkRelease + " field layout" : "JDK 6-14 field layout")
                : (jdkRelease > 0 ? "JDK " + jdkRelease + " field layout" : "JDK 15+ field layout");
        return new ObjectLayout(geometry + "; " + fields, headerSize, referenceSize, arrayLengthFieldSize, alignment,
                scheme, jdkRelease);
    }

    /** The same layout with objects aligned to more than 8 bytes (-XX:ObjectAlignmentInBytes). */
    public ObjectLayout withAlignment(int bytes) {
        if (bytes == alignment) return this;
        return new ObjectLayout(name + ", " + bytes + "-byte object alignment", headerSize, referenceSize,
                arrayLengthFieldSize, bytes, fieldScheme, jdk);
    }

    public long align(long size) {
        return (size + alignment - 1) & -alignment;
    }

    /** Instance size from the sum of its field sizes (references counted at {@link #referenceSize}). */
    public long instanceSize(int referenceFields, long primitiveFieldBytes) {
        return align(headerSize + (long) referenceFields * referenceSize + primitiveFieldBytes);
    }

    /** Array size: header, length field, elements (8-byte elements, and all past a 20-byte header, start 8-aligned). */
    public long arraySize(int elementSize, long length) {
        long base = headerSize + arrayLengthFieldSize;
        if (elementSize >= 8 || base > 12) {
            base = (base + 7) & -8;
        }
        return align(base + elementSize * length);
    }
}

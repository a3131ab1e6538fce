package io.heapsight.heap;

import io.heapsight.common.ClassNames;

/**
 * A class in the dump. There are few classes, so each is a plain object; heap objects never are.
 * Instance fields are flattened over the hierarchy in the order instance records store them (own fields first,
 * then the superclass's), with the declaring class of each, so a value can be named {@code Declaring.field}.
 */
public final class HeapClass {
    /** Kinds of class, for objects whose record is not an instance. */
    public enum Shape { INSTANCE, OBJECT_ARRAY, PRIMITIVE_ARRAY }

    final int index;
    final long id;
    final String name;
    final Shape shape;
    /** BasicType of elements for primitive arrays, 0 otherwise. */
    final int elementType;
    int superIndex = -1;
    long loaderId;
    /** Index of the class's own object (its java.lang.Class mirror), or -1 for classes synthesised by heapsight. */
    int objectIndex = -1;

    // own declared instance fields
    String[] ownFieldNames = new String[0];
    byte[] ownFieldTypes = new byte[0];

    // flattened layout over the hierarchy (filled after all classes are read)
    String[] fieldNames;
    byte[] fieldTypes;
    int[] fieldDeclaringClass;
    /** Byte offset of each flattened field in an instance record. */
    int[] fieldOffsets;
    /** Offsets (in the record) of reference fields, with the referent of java.lang.ref.Reference first when present. */
    int[] referenceOffsets;
    /** Index into {@link #referenceOffsets} of Reference.referent, or -1: that edge is weak. */
    int referentSlot = -1;
    int recordDataSize;
    int referenceFieldCount;
    long primitiveFieldBytes;

    // statics
    String[] staticNames = new String[0];
    byte[] staticTypes = new byte[0];
    long[] staticValues = new long[0];

    long instanceSize;
    boolean isReferenceSubclass;

    HeapClass(int index, long id, String name, Shape shape, int elementType) {
        this.index = index;
        this.id = id;
        this.name = name;
        this.shape = shape;
        this.elementType = elementType;
    }

    public int index() { return index; }
    public long id() { return id; }
    /** Java source-style name: {@code java.util.HashMap$Node}, {@code byte[]}, {@code java.lang.String[]}. */
    public String name() { return name; }
    public Shape shape() { return shape; }
    public boolean isArray() { return shape != Shape.INSTANCE; }
    public int elementType() { return elementType; }
    public int superIndex() { return superIndex; }
    public long loaderId() { return loaderId; }
    public int objectIndex() { return objectIndex; }
    public long instanceSize() { return instanceSize; }
    public String[] fieldNames() { return fieldNames; }
    public byte[] fieldTypes() { return fieldTypes; }
    public int[] fieldDeclaringClass() { return fieldDeclaringClass; }
    public int[] fieldOffsets() { return fieldOffsets; }
    public String[] staticNames() { return staticNames; }
    public byte[] staticTypes() { return staticTypes; }
    public long[] staticValues() { return staticValues; }
    public boolean isReferenceSubclass() { return isReferenceSubclass; }

    /** Simple name without package, for compact displays. */
    public String simpleName() {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(dot + 1);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Converts a JVM internal or descriptor name ("java/lang/String", "[Ljava/lang/String;", "[[I") to source style. */
    public static String javaName(String internal) {
        return ClassNames.fromInternal(internal);
    }
}

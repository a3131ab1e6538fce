package io.heapsight.hprof;

/** HPROF basic type codes (the JVM's BasicType numbering) and their sizes in the file. */
public final class BasicType {
    private BasicType() {}

    public static final int OBJECT = 2;
    public static final int BOOLEAN = 4;
    public static final int CHAR = 5;
    public static final int FLOAT = 6;
    public static final int DOUBLE = 7;
    public static final int BYTE = 8;
    public static final int SHORT = 9;
    public static final int INT = 10;
    public static final int LONG = 11;

    /** Size in the HPROF file; OBJECT is the identifier size. Returns -1 for an unknown code (a corrupt dump). */
    public static int sizeInFile(int type, int idSize) {
        return switch (type) {
            case OBJECT -> idSize;
            case BOOLEAN, BYTE -> 1;
            case CHAR, SHORT -> 2;
            case FLOAT, INT -> 4;
            case DOUBLE, LONG -> 8;
            default -> -1;
        };
    }

    /** Size of a primitive element in the JVM's heap (same as in the file). */
    public static int primitiveSize(int type) {
        return sizeInFile(type, 8);
    }

    /** Java source name of the primitive type, e.g. "byte". */
    public static String javaName(int type) {
        return switch (type) {
            case OBJECT -> "java.lang.Object";
            case BOOLEAN -> "boolean";
            case CHAR -> "char";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case BYTE -> "byte";
            case SHORT -> "short";
            case INT -> "int";
            case LONG -> "long";
            default -> "unknown" + type;
        };
    }

    public static boolean isValid(int type) {
        return sizeInFile(type, 8) > 0;
    }
}

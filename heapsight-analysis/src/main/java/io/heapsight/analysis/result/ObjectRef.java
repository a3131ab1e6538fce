package io.heapsight.analysis.result;

/**
 * An object or class of a dump as results name it: by its HPROF id (the object's address in the dumped JVM), the
 * form every report prints ({@code java.util.HashMap@0x7f3a12b8}) and every explorer URL takes. Results carry ids, not
 * model indexes, so a presenter never needs the model to make a link.
 *
 * @param id        the HPROF id: the object's id, or for a class the id of its class object
 * @param className the object's class, or for a class the class's own name
 * @param isClass   true when this names a class (java.lang.Class instance standing for {@code className})
 */
public record ObjectRef(long id, String className, boolean isClass) {
    public static ObjectRef object(long id, String className) { return new ObjectRef(id, className, false); }
    public static ObjectRef ofClass(long classObjectId, String className) { return new ObjectRef(classObjectId, className, true); }

    /** "0x7f3a12b8": the id as reports, URLs and JSON write it. */
    public String hexId() {
        return "0x" + Long.toHexString(id);
    }

    /** "java.util.HashMap@0x7f3a12b8", or "class java.util.HashMap" for a class. */
    public String display() {
        return isClass ? "class " + className : className + "@" + hexId();
    }

    /** Parses "0x7f3a12b8" or "7f3a12b8": ids are always hex, up to 64 bits. */
    public static long parseId(String text) {
        String s = text.strip();
        if (s.startsWith("0x") || s.startsWith("0X")) s = s.substring(2);
        if (s.isEmpty() || s.length() > 16) throw new IllegalArgumentException("not an object id (hex, e.g. 0x7f3a12b8): " + text);
        try {
            return Long.parseUnsignedLong(s, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an object id (hex, e.g. 0x7f3a12b8): " + text);
        }
    }

    @Override
    public String toString() {
        return display();
    }
}

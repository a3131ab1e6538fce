package io.heapsight.common;

import java.util.List;

/**
 * Class names between the JVM's spellings and the source-style name people read ({@code java.lang.String[]},
 * {@code int[][]}). Three JVM spellings meet in this project:
 * <ul>
 *   <li>internal names, as HPROF stores them: {@code java/lang/String}, arrays as descriptors
 *       {@code [Ljava/lang/String;}, {@code [[I}; a hidden class's {@code /0x...} suffix written {@code +0x...};</li>
 *   <li>binary names, as {@code Class.getName()} and {@code jmap -histo} print them: {@code java.lang.String},
 *       {@code [Ljava.lang.String;}, {@code Foo$$Lambda/0x0000...} (the slash is part of a hidden class's name);</li>
 *   <li>field descriptors: {@code I}, {@code Ljava/lang/String;}, {@code [J}.</li>
 * </ul>
 */
public final class ClassNames {
    private ClassNames() {}

    /** The primitive types and their descriptor codes, in the same order: one table for both directions. */
    private static final String CODES = "ZBCSIJFDV";
    private static final List<String> NAMES = List.of("boolean", "byte", "char", "short", "int", "long", "float", "double", "void");

    /** "java/lang/String" → "java.lang.String", "[Ljava/lang/String;" → "java.lang.String[]", "[[I" → "int[][]". */
    public static String fromInternal(String internal) {
        int dims = dimensions(internal);
        String element = dims == 0 ? internal : arrayElement(internal.substring(dims));
        // hidden classes (lambdas) are "Foo$$Lambda+0x..." inside the dump and "Foo$$Lambda/0x..." to the user
        return element.replace('/', '.').replace('+', '/') + "[]".repeat(dims);
    }

    /** "[Ljava.lang.String;" → "java.lang.String[]", "[B" → "byte[]"; other names unchanged (a hidden class keeps its '/'). */
    public static String fromBinary(String binary) {
        int dims = dimensions(binary);
        return dims == 0 ? binary : arrayElement(binary.substring(dims)) + "[]".repeat(dims);
    }

    /** A field descriptor to its source type: "I" → "int", "Ljava/lang/String;" → "java.lang.String", "[[J" → "long[][]". */
    public static String fromDescriptor(String descriptor) {
        int dims = dimensions(descriptor);
        String element = descriptor.substring(dims);
        String primitive = primitiveName(element);
        if (primitive != null) return primitive + "[]".repeat(dims);
        if (element.length() > 2 && element.startsWith("L") && element.endsWith(";")) {
            return fromInternal(element.substring(1, element.length() - 1)) + "[]".repeat(dims);
        }
        throw new IllegalArgumentException("not a field descriptor: '" + descriptor + "'");
    }

    /** "com.example.Node" → "com/example/Node", "int[]" → "[I", "java.lang.String[][]" → "[[Ljava/lang/String;". */
    public static String toInternal(String sourceName) {
        int dims = 0;
        String base = sourceName;
        while (base.endsWith("[]")) {
            dims++;
            base = base.substring(0, base.length() - 2);
        }
        if (dims == 0) return base.replace('.', '/');
        String code = primitiveCode(base);
        return "[".repeat(dims) + (code != null ? code : "L" + base.replace('.', '/') + ";");
    }

    /** "int" → "I", "java.lang.String" → "Ljava/lang/String;", "byte[]" → "[B". */
    public static String toDescriptor(String sourceName) {
        String code = primitiveCode(sourceName);
        if (code != null) return code;
        String internal = toInternal(sourceName);
        return internal.startsWith("[") ? internal : "L" + internal + ";";
    }

    /** The package of a source or binary name: "java.util.HashMap$Node" → "java.util", "int[]" → "" (none). */
    public static String packageOf(String sourceName) {
        String base = sourceName;
        while (base.endsWith("[]")) base = base.substring(0, base.length() - 2);
        int dot = base.lastIndexOf('.');
        return dot < 0 ? "" : base.substring(0, dot);
    }

    private static int dimensions(String name) {
        int dims = 0;
        while (dims < name.length() && name.charAt(dims) == '[') dims++;
        return dims;
    }

    /** What follows the '['s of an array name: a primitive code, or "L...;"; any other shape is kept as it is, readable. */
    private static String arrayElement(String element) {
        String primitive = primitiveName(element);
        if (primitive != null) return primitive;
        return element.length() > 2 && element.startsWith("L") && element.endsWith(";")
                ? element.substring(1, element.length() - 1)
                : element;
    }

    private static String primitiveName(String code) {
        int i = code.length() == 1 ? CODES.indexOf(code.charAt(0)) : -1;
        return i < 0 ? null : NAMES.get(i);
    }

    private static String primitiveCode(String name) {
        int i = NAMES.indexOf(name);
        return i < 0 ? null : String.valueOf(CODES.charAt(i));
    }
}

package io.heapsight.analysis.result;

import java.util.List;

/**
 * One object as an inspector shows it (MAT's inspector, VisualVM's instance view): what it is, its sizes, and its
 * fields with values. Related lists (referrers, references, dominated objects, the path) are separate queries
 * returning tables, so each can be paged.
 *
 * @param dominator   its immediate dominator, null when a GC root dominates it directly or it is unreachable
 * @param textValue   for a String or a char/byte array: its contents (bounded), otherwise null
 * @param arrayLength for an array: its length, otherwise -1
 */
public record ObjectView(String title, ObjectRef object, long shallowBytes, long retainedBytes, boolean reachable,
                         ObjectRef dominator, String textValue, long arrayLength, List<Field> fields,
                         List<Field> staticFields) implements Result {
    /**
     * A field (or array element, named "[i]") and its value: a primitive as text ({@code value}), or a reference
     * ({@code ref}, null for a null reference).
     */
    public record Field(String name, String type, String value, ObjectRef ref, String declaringClass) {
        public static Field primitive(String name, String type, String value, String declaringClass) {
            return new Field(name, type, value, null, declaringClass);
        }

        public static Field reference(String name, String type, ObjectRef ref, String declaringClass) {
            return new Field(name, type, ref == null ? "null" : null, ref, declaringClass);
        }
    }

    public ObjectView {
        fields = List.copyOf(fields);
        staticFields = List.copyOf(staticFields);
    }
}

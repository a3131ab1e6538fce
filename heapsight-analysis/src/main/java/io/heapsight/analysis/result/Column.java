package io.heapsight.analysis.result;

/**
 * One column of a {@link Table} or {@link Tree}. {@code key} is the stable machine name (a JSON property, an API sort
 * key); {@code title} is what people read. The kind tells presenters how to show and align a cell.
 */
public record Column(String key, String title, Kind kind) {
    public enum Kind {
        /** String */
        TEXT,
        /** Long: a number of things (objects, instances, classes) */
        COUNT,
        /** Long: a size in bytes */
        BYTES,
        /** Double: a fraction 0..1, shown as a percentage */
        FRACTION,
        /** {@link ObjectRef}: an object of the dump (a link in HTML and the explorer) */
        OBJECT,
        /** {@link ObjectRef} with {@code isClass}: a class of the dump, by its class object id */
        CLASS,
        /** {@link Path}: a path from a GC root */
        PATH
    }

    public static Column text(String key, String title) { return new Column(key, title, Kind.TEXT); }
    public static Column count(String key, String title) { return new Column(key, title, Kind.COUNT); }
    public static Column bytes(String key, String title) { return new Column(key, title, Kind.BYTES); }
    public static Column fraction(String key, String title) { return new Column(key, title, Kind.FRACTION); }
    public static Column object(String key, String title) { return new Column(key, title, Kind.OBJECT); }
    public static Column classRef(String key, String title) { return new Column(key, title, Kind.CLASS); }
    public static Column path(String key, String title) { return new Column(key, title, Kind.PATH); }
}

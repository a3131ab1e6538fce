package io.heapsight.testkit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A class histogram as the JVM itself reports it ({@code jmap -histo}, {@code jcmd GC.class_histogram}): the
 * independent ground truth that analyzer tests compare a dump's histogram with.
 *
 * <p>Keys are Java source-style names ({@code byte[]}, {@code java.lang.String[]}, {@code int[][]}); VM pseudo
 * classes of old JVMs ({@code <methodKlass>}, {@code <no name>}) are kept verbatim. Classes of the same name
 * (one per class loader) are summed into one entry.
 */
public record ClassHistogram(Map<String, Entry> byClassName) {

    /** One class: instances and their shallow bytes as the JVM counted them. */
    public record Entry(String className, long count, long bytes) {}

    public ClassHistogram {
        byClassName = Collections.unmodifiableMap(new LinkedHashMap<>(byClassName));
    }

    // "   1:          2380         174504  [B (java.base@25.0.3)" (JDK 9+), "   1:  4752  651328  <methodKlass>" (JDK 6),
    // "   171       44312  [C" (JDK 5, no "num:" column). The name may contain a space ("<no name>").
    private static final Pattern ROW = Pattern.compile("^\\s*(?:\\d+:)?\\s*(\\d+)\\s+(\\d+)\\s+(\\S.*?)\\s*$");
    private static final Pattern MODULE_SUFFIX = Pattern.compile("\\s+\\([^()\\s]+\\)$");

    /**
     * Parses {@code jmap -histo} / {@code GC.class_histogram} text of any HotSpot version: header, separator and
     * "Total" lines are skipped, JVM descriptors converted ({@code [B} to {@code byte[]},
     * {@code [Ljava.lang.String;} to {@code java.lang.String[]}) and a trailing module "(java.base@25)" dropped.
     *
     * @throws IllegalArgumentException when no row could be read at all (not a histogram)
     */
    public static ClassHistogram parseJmapHisto(String text) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (String line : text.split("\\R")) {
            if (line.isBlank() || line.stripLeading().startsWith("Total")) continue;
            Matcher m = ROW.matcher(line);
            if (!m.matches()) continue; // header, "----" separator
            String raw = MODULE_SUFFIX.matcher(m.group(3)).replaceFirst("");
            String name = sourceName(raw);
            long count = Long.parseLong(m.group(1));
            long bytes = Long.parseLong(m.group(2));
            entries.merge(name, new Entry(name, count, bytes),
                    (a, b) -> new Entry(name, a.count() + b.count(), a.bytes() + b.bytes()));
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("not a class histogram: no '<count> <bytes> <class>' row found");
        }
        return new ClassHistogram(entries);
    }

    /** Converts a JVM class name ("[[I", "[Ljava.lang.String;") to its source form ("int[][]", "java.lang.String[]"). */
    public static String sourceName(String jvmName) {
        int dims = 0;
        while (dims < jvmName.length() && jvmName.charAt(dims) == '[') dims++;
        if (dims == 0) return jvmName;
        String element = jvmName.substring(dims);
        String base = switch (element) {
            case "Z" -> "boolean";
            case "B" -> "byte";
            case "C" -> "char";
            case "S" -> "short";
            case "I" -> "int";
            case "J" -> "long";
            case "F" -> "float";
            case "D" -> "double";
            default -> element.startsWith("L") && element.endsWith(";")
                    ? element.substring(1, element.length() - 1)
                    : element; // unknown shape: keep it readable rather than guess
        };
        return base + "[]".repeat(dims);
    }

    /** The entry for a source-style class name, or null. */
    public Entry get(String className) {
        return byClassName.get(className);
    }

    /** Instances of a class, 0 when absent. */
    public long count(String className) {
        Entry e = byClassName.get(className);
        return e == null ? 0 : e.count();
    }

    /** Shallow bytes of a class's instances, 0 when absent. */
    public long bytes(String className) {
        Entry e = byClassName.get(className);
        return e == null ? 0 : e.bytes();
    }

    public long totalCount() {
        return byClassName.values().stream().mapToLong(Entry::count).sum();
    }

    public long totalBytes() {
        return byClassName.values().stream().mapToLong(Entry::bytes).sum();
    }
}

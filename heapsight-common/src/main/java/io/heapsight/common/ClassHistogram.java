package io.heapsight.common;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A class histogram as the JVM prints it ({@code jmap -histo}, {@code jcmd GC.class_histogram}, the
 * DiagnosticCommand MBean's {@code gcClassHistogram}): instances and shallow bytes per class, in the JVM's order
 * (largest first).
 *
 * <p>Class names are source-style ({@code byte[]}, {@code java.lang.String[]}, {@code int[][]}); VM pseudo classes
 * of old JVMs ({@code <methodKlass>}, {@code <no name>}) are kept as printed. Classes of the same name (one per
 * class loader) are summed into one row, placed where the first of them was.
 *
 * @param totalInstances from the "Total" line when there is one, else the sum of the rows
 */
public record ClassHistogram(List<Row> rows, long totalInstances, long totalBytes) {

    /** One class: its instances and their shallow bytes as the JVM counted them. */
    public record Row(String className, long instances, long bytes) {}

    /** Growth of one class between two histograms. */
    public record Growth(String className, long instancesBefore, long instancesAfter, long bytesBefore, long bytesAfter) {
        public long deltaBytes() {
            return bytesAfter - bytesBefore;
        }

        public long deltaInstances() {
            return instancesAfter - instancesBefore;
        }
    }

    public ClassHistogram {
        rows = List.copyOf(rows);
    }

    // JDK 9+: "   1:          2380         174504  [B (java.base@25.0.3)"; JDK 6-8: "   1:  4752  651328  <methodKlass>";
    // JDK 5: "   171       44312  [C" (no "num:" column). A name may hold a space ("<no name>").
    private static final Pattern ROW = Pattern.compile("^\\s*(?:\\d+:)?\\s*(\\d+)\\s+(\\d+)\\s+(\\S.*?)\\s*$");
    private static final Pattern MODULE_SUFFIX = Pattern.compile("\\s+\\([^()\\s]+\\)$");
    private static final Pattern TOTAL = Pattern.compile("^\\s*Total\\s+(\\d+)\\s+(\\d+)\\s*$");

    /**
     * Parses histogram text of any HotSpot version from 5 to 25: a jcmd "pid:" line, the header, the separator and
     * blank lines are skipped; descriptors become source names ({@code [B} → {@code byte[]}); a trailing module
     * "(java.base@25.0.3)" is dropped.
     *
     * @throws IllegalArgumentException when no row could be read at all (not a histogram)
     */
    public static ClassHistogram parse(String text) {
        Map<String, long[]> byName = new LinkedHashMap<>();
        long[] total = null;
        for (String line : text.split("\\R")) {
            Matcher t = TOTAL.matcher(line);
            if (t.matches()) {
                total = new long[]{Long.parseLong(t.group(1)), Long.parseLong(t.group(2))};
                continue;
            }
            Matcher m = ROW.matcher(line);
            if (!m.matches()) continue; // "12345:" pid line of jcmd, header, "----" separator
            String name = ClassNames.fromBinary(MODULE_SUFFIX.matcher(m.group(3)).replaceFirst(""));
            long[] counts = byName.computeIfAbsent(name, k -> new long[2]);
            counts[0] += Long.parseLong(m.group(1));
            counts[1] += Long.parseLong(m.group(2));
        }
        if (byName.isEmpty()) {
            throw new IllegalArgumentException("not a class histogram: no '<instances> <bytes> <class>' row found");
        }
        List<Row> rows = new ArrayList<>(byName.size());
        long instances = 0;
        long bytes = 0;
        for (var e : byName.entrySet()) {
            rows.add(new Row(e.getKey(), e.getValue()[0], e.getValue()[1]));
            instances += e.getValue()[0];
            bytes += e.getValue()[1];
        }
        return total != null ? new ClassHistogram(rows, total[0], total[1]) : new ClassHistogram(rows, instances, bytes);
    }

    /** Rows by source-style class name, in the histogram's order. */
    public Map<String, Row> byClassName() {
        Map<String, Row> m = new LinkedHashMap<>();
        for (Row r : rows) m.put(r.className(), r);
        return Collections.unmodifiableMap(m);
    }

    /** The row of a source-style class name, or null. */
    public Row get(String className) {
        for (Row r : rows) if (r.className().equals(className)) return r;
        return null;
    }

    /** Instances of a class, 0 when absent. */
    public long instances(String className) {
        Row r = get(className);
        return r == null ? 0 : r.instances();
    }

    /** Shallow bytes of a class's instances, 0 when absent. */
    public long bytes(String className) {
        Row r = get(className);
        return r == null ? 0 : r.bytes();
    }

    /** Classes ordered by how many bytes they gained from {@code before} to this histogram, largest growth first. */
    public List<Growth> growthSince(ClassHistogram before, int limit) {
        Map<String, Row> old = before.byClassName();
        Map<String, Row> now = byClassName();
        List<Growth> out = new ArrayList<>();
        for (Row r : rows) {
            Row o = old.get(r.className());
            out.add(new Growth(r.className(), o == null ? 0 : o.instances(), r.instances(), o == null ? 0 : o.bytes(), r.bytes()));
        }
        for (Row o : before.rows) {
            if (!now.containsKey(o.className())) out.add(new Growth(o.className(), o.instances(), 0, o.bytes(), 0));
        }
        out.sort(Comparator.comparingLong(Growth::deltaBytes).reversed().thenComparing(Growth::className));
        return out.subList(0, Math.min(limit, out.size()));
    }
}

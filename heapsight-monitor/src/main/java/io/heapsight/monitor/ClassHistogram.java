package io.heapsight.monitor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A class histogram as printed by GC.class_histogram (jmap -histo): instances and shallow bytes per class. */
public record ClassHistogram(List<Row> rows, long totalInstances, long totalBytes) {

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

    //   1:         12345        1234567  [B (java.base@17.0.15)
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    private static final Pattern TOTAL = Pattern.compile("^\\s*Total\\s+(\\d+)\\s+(\\d+)");

    public static ClassHistogram parse(String text) {
        List<Row> rows = new ArrayList<>();
        long instances = 0;
        long bytes = 0;
        boolean total = false;
        for (String line : text.split("\\R")) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                rows.add(new Row(m.group(3), Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
                continue;
            }
            Matcher t = TOTAL.matcher(line);
            if (t.find()) {
                instances = Long.parseLong(t.group(1));
                bytes = Long.parseLong(t.group(2));
                total = true;
            }
        }
        if (!total) {
            instances = rows.stream().mapToLong(Row::instances).sum();
            bytes = rows.stream().mapToLong(Row::bytes).sum();
        }
        return new ClassHistogram(List.copyOf(rows), instances, bytes);
    }

    /** Classes ordered by how many bytes they gained from `before` to this histogram, largest growth first. */
    public List<Growth> growthSince(ClassHistogram before, int limit) {
        Map<String, Row> old = new HashMap<>();
        for (Row r : before.rows) old.merge(r.className(), r, (a, b) -> new Row(a.className(), a.instances() + b.instances(), a.bytes() + b.bytes()));
        Map<String, Row> now = new HashMap<>();
        for (Row r : rows) now.merge(r.className(), r, (a, b) -> new Row(a.className(), a.instances() + b.instances(), a.bytes() + b.bytes()));
        List<Growth> out = new ArrayList<>();
        for (var e : now.entrySet()) {
            Row o = old.get(e.getKey());
            out.add(new Growth(e.getKey(), o == null ? 0 : o.instances(), e.getValue().instances(), o == null ? 0 : o.bytes(),
                    e.getValue().bytes()));
        }
        for (var e : old.entrySet()) {
            if (!now.containsKey(e.getKey())) {
                out.add(new Growth(e.getKey(), e.getValue().instances(), 0, e.getValue().bytes(), 0));
            }
        }
        out.sort(Comparator.comparingLong(Growth::deltaBytes).reversed().thenComparing(Growth::className));
        return out.subList(0, Math.min(limit, out.size()));
    }
}

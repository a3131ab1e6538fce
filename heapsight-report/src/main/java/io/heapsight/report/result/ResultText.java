package io.heapsight.report.result;

import io.heapsight.common.ByteSize;
import io.heapsight.analysis.result.Column;
import io.heapsight.analysis.result.Note;
import io.heapsight.analysis.result.ObjectRef;
import io.heapsight.analysis.result.ObjectView;
import io.heapsight.analysis.result.Path;
import io.heapsight.analysis.result.Result;
import io.heapsight.analysis.result.Sections;
import io.heapsight.analysis.result.Table;
import io.heapsight.analysis.result.Tree;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The plain-text form of every result shape, for terminals and report.txt: a heading, then tables in aligned columns
 * (numbers right-aligned, sizes in binary units), a path from a GC root under its row in the
 * "GC root [...] … └ field → object" form, trees indented by depth, objects as field lists. A page of a longer list
 * says which rows it holds ("rows 1–20 of 756"). Every cell is one line: control characters are escaped.
 */
public final class ResultText {
    static final String STEP = "  ";

    private ResultText() {}

    /** A result on its own, titled as it is (e.g. `inspect`'s answer). */
    public static String render(Result result) {
        StringBuilder out = new StringBuilder();
        write(out, result, "", false);
        return out.toString();
    }

    /** A section of a report: the heading in capitals, as the report's other headings. */
    public static String renderSection(Result result) {
        StringBuilder out = new StringBuilder();
        write(out, result, "", true);
        return out.toString();
    }

    /** Writes a result: its heading at {@code indent}, its body one step in. */
    public static void write(StringBuilder out, Result result, String indent, boolean capitalHeading) {
        String title = result.title() == null ? "" : oneLine(result.title());
        if (!title.isEmpty()) out.append(indent).append(capitalHeading ? title.toUpperCase(Locale.ROOT) : title).append('\n');
        String in = title.isEmpty() ? indent : indent + STEP;
        body(out, result, in);
    }

    private static void body(StringBuilder out, Result result, String indent) {
        switch (result) {
            case Table t -> table(out, t, indent);
            case Tree t -> tree(out, t, indent);
            case ObjectView o -> object(out, o, indent);
            case Note n -> out.append(indent).append(oneLine(n.text())).append('\n');
            case Sections s -> {
                if (s.summary() != null && !s.summary().isEmpty()) out.append(indent).append(oneLine(s.summary())).append('\n');
                Result previous = null;
                for (Result part : s.parts()) {
                    // blocks (nested sections) stand apart; a table after a line of text does not need to
                    if (previous instanceof Sections || part instanceof Sections) out.append('\n');
                    write(out, part, indent, false);
                    previous = part;
                }
            }
        }
    }

    // ---- tables ----

    /** Rows in aligned columns; PATH cells go under their row, indented. */
    public static void table(StringBuilder out, Table t, String indent) {
        List<Integer> plain = new ArrayList<>();
        List<Integer> paths = new ArrayList<>();
        for (int c = 0; c < t.columns().size(); c++) (t.columns().get(c).kind() == Column.Kind.PATH ? paths : plain).add(c);
        if (t.rows().isEmpty()) {
            out.append(indent).append(t.total() > 0 ? "(no rows here)" : "(none)").append('\n');
        } else {
            boolean namedElsewhere = t.columnIndex("className") >= 0;
            Grid grid = new Grid(plain.size());
            for (int i = 0; i < plain.size(); i++) {
                Column col = t.columns().get(plain.get(i));
                grid.header(i, col.title(), numeric(col.kind()));
            }
            for (List<Object> row : t.rows()) {
                String[] cells = new String[plain.size()];
                for (int i = 0; i < plain.size(); i++) {
                    Column col = t.columns().get(plain.get(i));
                    Object v = row.get(plain.get(i));
                    // a class cell beside a column naming the class shows what the name cannot: the id to ask for next
                    cells[i] = col.kind() == Column.Kind.CLASS && namedElsewhere && v != null ? ((ObjectRef) v).hexId() : cell(col, v);
                }
                List<Path> under = new ArrayList<>();
                for (int c : paths) if (row.get(c) != null) under.add((Path) row.get(c));
                grid.row(cells, under);
            }
            grid.write(out, indent, !plain.isEmpty());
        }
        if (t.offset() > 0 || t.total() > t.rows().size()) out.append(indent).append(page(t.offset(), t.rows().size(), t.total())).append('\n');
    }

    /** "rows 1–20 of 8,213". */
    public static String page(long offset, int shown, long total) {
        if (shown == 0) return String.format(Locale.ROOT, "no rows from %,d (of %,d)", offset + 1, total);
        return String.format(Locale.ROOT, "rows %,d–%,d of %,d", offset + 1, offset + shown, total);
    }

    static boolean numeric(Column.Kind k) {
        return k == Column.Kind.COUNT || k == Column.Kind.BYTES || k == Column.Kind.FRACTION;
    }

    /** One cell as text; null (not applicable) is "-". */
    public static String cell(Column column, Object v) {
        if (v == null) return "-";
        return switch (column.kind()) {
            case TEXT -> oneLine(v.toString());
            case COUNT -> String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
            case BYTES -> ByteSize.format(((Number) v).longValue());
            case FRACTION -> String.format(Locale.ROOT, "%.1f%%", 100 * ((Number) v).doubleValue());
            case OBJECT -> oneLine(((ObjectRef) v).display());
            case CLASS -> oneLine(((ObjectRef) v).className());
            case PATH -> ((Path) v).isEmpty() ? "(no strong path)" : ((Path) v).steps().size() + " steps";
        };
    }

    // ---- paths ----

    /** A path from a GC root, root first, one reference per line. */
    public static void path(StringBuilder out, Path p, String indent) {
        if (p.isEmpty()) {
            out.append(indent).append(NO_PATH).append('\n');
            return;
        }
        for (Path.Step step : p.steps()) {
            boolean root = step.via() == null;
            pathLine(out, indent, root ? p.rootDescription() : step.via(), root, step.object().display());
        }
    }

    public static final String NO_PATH = "(no strong path from a GC root: only weakly or softly reachable)";

    /**
     * One line of a path: "GC root [root description] object" for the root, "  └ field → object" after it. The diff
     * report, whose paths outlive their dump and carry no ids, writes its paths with this too.
     */
    public static void pathLine(StringBuilder out, String indent, String via, boolean root, String object) {
        if (root) out.append(indent).append("GC root [").append(oneLine(via)).append("] ").append(oneLine(object)).append('\n');
        else out.append(indent).append("  └ ").append(oneLine(via)).append(" → ").append(oneLine(object)).append('\n');
    }

    // ---- trees ----

    public static void tree(StringBuilder out, Tree t, String indent) {
        if (t.roots().isEmpty()) {
            out.append(indent).append("(none)\n");
            return;
        }
        Grid grid = new Grid(t.columns().size());
        for (int i = 0; i < t.columns().size(); i++) grid.header(i, t.columns().get(i).title(), numeric(t.columns().get(i).kind()));
        // depth-first with an explicit stack: a tree may be deep
        record Entry(Tree.Node node, int depth) {}
        java.util.ArrayDeque<Object> stack = new java.util.ArrayDeque<>();
        for (int i = t.roots().size() - 1; i >= 0; i--) stack.push(new Entry(t.roots().get(i), 0));
        while (!stack.isEmpty()) {
            Object top = stack.pop();
            if (top instanceof String more) {
                grid.line(more);
                continue;
            }
            Entry e = (Entry) top;
            String[] cells = new String[t.columns().size()];
            for (int i = 0; i < cells.length; i++) cells[i] = cell(t.columns().get(i), e.node().cells().get(i));
            if (cells.length > 0) cells[0] = STEP.repeat(e.depth()) + cells[0];
            grid.row(cells, List.of());
            long hidden = e.node().childCount() - e.node().children().size();
            if (hidden > 0) stack.push(STEP.repeat(e.depth() + 1) + String.format(Locale.ROOT, "… %,d more", hidden));
            List<Tree.Node> kids = e.node().children();
            for (int i = kids.size() - 1; i >= 0; i--) stack.push(new Entry(kids.get(i), e.depth() + 1));
        }
        grid.write(out, indent, true);
        if (t.totalRoots() > t.roots().size()) out.append(indent).append(page(0, t.roots().size(), t.totalRoots())).append('\n');
    }

    // ---- objects ----

    public static void object(StringBuilder out, ObjectView o, String indent) {
        out.append(indent).append(oneLine(o.object().display())).append(": shallow ").append(ByteSize.format(o.shallowBytes()))
                .append(", retained ").append(ByteSize.format(o.retainedBytes())).append(o.reachable() ? ", reachable" : ", unreachable").append('\n');
        if (o.reachable()) {
            out.append(indent).append("dominator: ")
                    .append(o.dominator() == null ? "none (kept alive by the GC roots directly)" : oneLine(o.dominator().display())).append('\n');
        }
        if (o.arrayLength() >= 0) out.append(indent).append(String.format(Locale.ROOT, "length: %,d", o.arrayLength())).append('\n');
        if (o.textValue() != null) out.append(indent).append("value: \"").append(oneLine(o.textValue())).append("\"\n");
        fields(out, "Fields", o.fields(), o.object().className(), indent);
        fields(out, "Static fields", o.staticFields(), o.object().className(), indent);
    }

    private static void fields(StringBuilder out, String title, List<ObjectView.Field> fields, String ownClass, String indent) {
        if (fields.isEmpty()) return;
        out.append(indent).append(title).append('\n');
        boolean inherited = fields.stream().anyMatch(f -> f.declaringClass() != null && !f.declaringClass().equals(ownClass));
        Grid grid = new Grid(inherited ? 4 : 3);
        grid.header(0, "type", false);
        grid.header(1, "name", false);
        grid.header(2, "value", false);
        if (inherited) grid.header(3, "declared in", false);
        for (ObjectView.Field f : fields) {
            String value = f.ref() != null ? f.ref().display() : f.value();
            String[] cells = inherited
                    ? new String[]{oneLine(f.type()), oneLine(f.name()), oneLine(value), f.declaringClass() == null ? "" : oneLine(f.declaringClass())}
                    : new String[]{oneLine(f.type()), oneLine(f.name()), oneLine(value)};
            grid.row(cells, List.of());
        }
        grid.write(out, indent + STEP, true);
    }

    // ---- text ----

    /** One line: newlines, tabs and other control characters written as escapes, so a cell cannot break the layout. */
    public static String oneLine(String s) {
        return s == null ? "" : io.heapsight.report.TerminalText.escape(s);
    }

    /** Aligned columns: each column as wide as its widest cell; numbers right-aligned; the last column unpadded. */
    private static final class Grid {
        private final String[] headers;
        private final boolean[] right;
        private final List<Object> lines = new ArrayList<>(); // String[] rows, String free lines, Path under a row

        Grid(int columns) {
            headers = new String[columns];
            right = new boolean[columns];
        }

        void header(int i, String title, boolean alignRight) {
            headers[i] = oneLine(title);
            right[i] = alignRight;
        }

        void row(String[] cells, List<Path> under) {
            lines.add(cells);
            lines.addAll(under);
        }

        void line(String text) {
            lines.add(text);
        }

        void write(StringBuilder out, String indent, boolean withHeader) {
            int n = headers.length;
            int[] width = new int[n];
            for (int i = 0; i < n; i++) width[i] = withHeader ? headers[i].length() : 0;
            for (Object l : lines) {
                if (l instanceof String[] cells) for (int i = 0; i < n; i++) width[i] = Math.max(width[i], cells[i].length());
            }
            if (withHeader && n > 0) writeRow(out, indent, headers, width);
            for (Object l : lines) {
                switch (l) {
                    case String[] cells -> writeRow(out, indent, cells, width);
                    case Path p -> path(out, p, n == 0 ? indent : indent + STEP + STEP);
                    case String text -> out.append(indent).append(text).append('\n');
                    default -> throw new IllegalStateException();
                }
            }
        }

        private void writeRow(StringBuilder out, String indent, String[] cells, int[] width) {
            if (cells.length == 0) return;
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < cells.length; i++) {
                if (i > 0) line.append("  ");
                String pad = " ".repeat(width[i] - cells[i].length());
                if (right[i]) line.append(pad).append(cells[i]);
                else line.append(cells[i]).append(i == cells.length - 1 ? "" : pad);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }
}

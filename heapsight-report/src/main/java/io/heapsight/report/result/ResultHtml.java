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

import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;

/**
 * HTML fragments of every result shape, for the self-contained report and the explorer's pages. Everything from the
 * dump is escaped. Every object or class is an {@code <a class="obj" data-id="0x…">} (classes {@code class="cls"}) so
 * a page with an explorer behind it can turn them into links; numeric cells carry their value in {@code data-v} and
 * tables are {@code class="sortable"}. The report's stylesheet and sorting script style and drive these classes.
 */
public final class ResultHtml {
    private ResultHtml() {}

    /** A result with its heading at level 2 (a report section). */
    public static String render(Result result) {
        StringBuilder h = new StringBuilder(4096);
        write(h, result, 2);
        return h.toString();
    }

    /** Writes a result with its heading at {@code level} (2..6); nested parts one level down. */
    public static void write(StringBuilder h, Result result, int level) {
        int lv = Math.max(2, Math.min(6, level));
        String kind = switch (result) {
            case Table t -> "table";
            case Tree t -> "tree";
            case ObjectView o -> "object";
            case Sections s -> "sections";
            case Note n -> "note";
        };
        h.append("<section class=\"result ").append(kind).append("\">");
        if (result.title() != null && !result.title().isEmpty()) {
            h.append("<h").append(lv).append('>').append(esc(result.title())).append("</h").append(lv).append(">\n");
        }
        switch (result) {
            case Table t -> table(h, t);
            case Tree t -> tree(h, t);
            case ObjectView o -> object(h, o);
            case Note n -> h.append("<p>").append(esc(n.text())).append("</p>\n");
            case Sections s -> {
                if (s.summary() != null && !s.summary().isEmpty()) h.append("<p class=summary>").append(esc(s.summary())).append("</p>\n");
                for (Result part : s.parts()) write(h, part, lv + 1);
            }
        }
        h.append("</section>\n");
    }

    // ---- tables ----

    public static void table(StringBuilder h, Table t) {
        if (!t.rows().isEmpty() && t.columns().stream().allMatch(c -> c.kind() == Column.Kind.PATH)) {
            // nothing to line up or sort: the paths themselves (as the text form does)
            for (List<Object> row : t.rows()) for (Object p : row) if (p != null) path(h, (Path) p);
            h.append('\n');
        } else if (t.rows().isEmpty()) {
            h.append("<p class=meta>").append(t.total() > 0 ? "no rows here" : "none").append("</p>\n");
        } else {
            h.append("<table class=sortable><thead><tr>");
            for (Column c : t.columns()) header(h, c);
            h.append("</tr></thead><tbody>\n");
            for (List<Object> row : t.rows()) {
                h.append("<tr>");
                for (int i = 0; i < t.columns().size(); i++) cell(h, t.columns().get(i), row.get(i));
                h.append("</tr>\n");
            }
            h.append("</tbody></table>\n");
        }
        if (t.offset() > 0 || t.total() > t.rows().size()) {
            h.append("<p class=meta>").append(esc(ResultText.page(t.offset(), t.rows().size(), t.total()))).append("</p>\n");
        }
    }

    private static void header(StringBuilder h, Column c) {
        h.append("<th data-key=\"").append(esc(c.key())).append('"').append(ResultText.numeric(c.kind()) ? " class=n" : "")
                .append('>').append(esc(c.title())).append("</th>");
    }

    /** One {@code <td>}: numbers right-aligned with their sort value, objects and classes as links, paths as lists. */
    public static void cell(StringBuilder h, Column c, Object v) {
        if (v == null) {
            h.append(ResultText.numeric(c.kind()) ? "<td class=n data-v=\"-1\">-</td>" : "<td>-</td>");
            return;
        }
        switch (c.kind()) {
            case COUNT, BYTES -> {
                long n = ((Number) v).longValue();
                h.append("<td class=n data-v=\"").append(n).append("\">").append(esc(ResultText.cell(c, v))).append("</td>");
            }
            case FRACTION -> h.append("<td class=n data-v=\"").append(((Number) v).doubleValue()).append("\">")
                    .append(esc(ResultText.cell(c, v))).append("</td>");
            case TEXT -> h.append("<td>").append(esc(v.toString())).append("</td>");
            case OBJECT, CLASS -> {
                h.append("<td>");
                ref(h, (ObjectRef) v, c.kind() == Column.Kind.CLASS);
                h.append("</td>");
            }
            case PATH -> {
                h.append("<td>");
                path(h, (Path) v);
                h.append("</td>");
            }
        }
    }

    /**
     * An object ({@code java.util.HashMap@0x7f3a12b8}) or, with {@code asClassName}, a class by its name, as an anchor
     * a later explorer can follow by {@code data-id}.
     */
    public static void ref(StringBuilder h, ObjectRef r, boolean asClassName) {
        h.append("<a class=").append(r.isClass() || asClassName ? "cls" : "obj").append(" data-id=\"").append(esc(r.hexId()))
                .append("\">").append(esc(asClassName ? r.className() : r.display())).append("</a>");
    }

    /** A path from a GC root as an ordered list, root first. */
    public static void path(StringBuilder h, Path p) {
        if (p.isEmpty()) {
            h.append(NO_PATH);
            return;
        }
        h.append("<ol class=path>");
        for (Path.Step st : p.steps()) {
            StringBuilder object = new StringBuilder();
            ref(object, st.object(), false);
            pathItem(h, st.via() == null ? p.rootDescription() : st.via(), st.via() == null, object.toString());
        }
        h.append("</ol>");
    }

    public static final String NO_PATH = "<p class=meta>no strong path (only weakly or softly reachable)</p>";

    /**
     * One {@code <li>} of a path: the root description or the field, then {@code objectHtml} (already HTML: a link, or
     * the escaped text of the diff report's paths, which outlive their dump and carry no ids).
     */
    public static void pathItem(StringBuilder h, String via, boolean root, String objectHtml) {
        h.append("<li>");
        if (root) h.append("<span class=root>").append(esc(via)).append("</span> ");
        else h.append("<code>").append(esc(via)).append("</code> → ");
        h.append(objectHtml).append("</li>");
    }

    // ---- trees ----

    /** A tree as a table whose first column is indented by depth (not sortable: sorting would break the nesting). */
    public static void tree(StringBuilder h, Tree t) {
        if (t.roots().isEmpty()) {
            h.append("<p class=meta>none</p>\n");
            return;
        }
        h.append("<table class=tree><thead><tr>");
        for (Column c : t.columns()) header(h, c);
        h.append("</tr></thead><tbody>\n");
        record Entry(Tree.Node node, int depth, long hidden) {}
        ArrayDeque<Entry> stack = new ArrayDeque<>();
        for (int i = t.roots().size() - 1; i >= 0; i--) stack.push(new Entry(t.roots().get(i), 0, 0));
        while (!stack.isEmpty()) {
            Entry e = stack.pop();
            if (e.node() == null) { // after the children shown: how many are not
                h.append("<tr class=more><td colspan=").append(t.columns().size()).append(" class=").append(indent(e.depth())).append('>')
                        .append(esc(String.format(Locale.ROOT, "… %,d more", e.hidden()))).append("</td></tr>\n");
                continue;
            }
            h.append("<tr data-depth=\"").append(e.depth()).append("\">");
            for (int i = 0; i < t.columns().size(); i++) {
                StringBuilder cell = new StringBuilder();
                cell(cell, t.columns().get(i), e.node().cells().get(i));
                if (i == 0 && e.depth() > 0) indentCell(cell, e.depth());
                h.append(cell);
            }
            h.append("</tr>\n");
            long hidden = e.node().childCount() - e.node().children().size();
            if (hidden > 0) stack.push(new Entry(null, e.depth() + 1, hidden));
            List<Tree.Node> kids = e.node().children();
            for (int i = kids.size() - 1; i >= 0; i--) stack.push(new Entry(kids.get(i), e.depth() + 1, 0));
        }
        h.append("</tbody></table>\n");
        if (t.totalRoots() > t.roots().size()) {
            h.append("<p class=meta>").append(esc(ResultText.page(0, t.roots().size(), t.totalRoots()))).append("</p>\n");
        }
    }

    /**
     * Deepest indentation drawn; deeper rows keep that indentation (their data-depth still says how deep). Classes, not
     * style attributes: the reports' Content-Security-Policy allows their one style sheet by hash and nothing inline.
     */
    public static final int MAX_INDENT = 32;

    /** The class that indents a tree row's first cell ({@code d1} .. {@code d32}; the rules are in the report's style sheet). */
    static String indent(int depth) {
        return "d" + Math.min(depth, MAX_INDENT);
    }

    /** Adds the indentation class to a rendered {@code <td ...>} cell, beside a class it may already have. */
    static void indentCell(StringBuilder cell, int depth) {
        if (cell.indexOf("<td class=") == 0) {
            int at = "<td class=".length();
            boolean quoted = cell.charAt(at) == '"';
            int end = quoted ? cell.indexOf("\"", at + 1) : indexOfAny(cell, at);
            String classes = cell.substring(quoted ? at + 1 : at, end);
            cell.replace(at, quoted ? end + 1 : end, "\"" + classes + " " + indent(depth) + "\"");
        } else {
            cell.insert("<td".length(), " class=" + indent(depth));
        }
    }

    private static int indexOfAny(StringBuilder s, int from) {
        for (int i = from; i < s.length(); i++) if (s.charAt(i) == ' ' || s.charAt(i) == '>') return i;
        return s.length();
    }

    /** The style rules for {@link #indent}: 0.6em plus 1.2em per level, as the trees were drawn before. */
    public static String indentRules() {
        StringBuilder css = new StringBuilder();
        for (int d = 1; d <= MAX_INDENT; d++) {
            css.append("table.tree td.d").append(d).append(String.format(Locale.ROOT, "{padding-left:%.1fem}", 0.6 + 1.2 * d));
        }
        return css.toString();
    }

    // ---- objects ----

    public static void object(StringBuilder h, ObjectView o) {
        h.append("<dl class=facts><dt>object</dt><dd>");
        ref(h, o.object(), false);
        h.append("</dd><dt>shallow</dt><dd>").append(esc(ByteSize.format(o.shallowBytes())))
                .append("</dd><dt>retained</dt><dd>").append(esc(ByteSize.format(o.retainedBytes())))
                .append("</dd><dt>reachable</dt><dd>").append(o.reachable() ? "yes" : "no").append("</dd>");
        if (o.reachable()) {
            h.append("<dt>dominator</dt><dd>");
            if (o.dominator() == null) h.append("none (kept alive by the GC roots directly)");
            else ref(h, o.dominator(), false);
            h.append("</dd>");
        }
        if (o.arrayLength() >= 0) h.append("<dt>length</dt><dd>").append(String.format(Locale.ROOT, "%,d", o.arrayLength())).append("</dd>");
        if (o.textValue() != null) h.append("<dt>value</dt><dd><code>").append(esc(o.textValue())).append("</code></dd>");
        h.append("</dl>\n");
        fields(h, "Fields", o.fields());
        fields(h, "Static fields", o.staticFields());
    }

    private static void fields(StringBuilder h, String title, List<ObjectView.Field> fields) {
        if (fields.isEmpty()) return;
        h.append("<table class=\"sortable fields\"><caption>").append(esc(title))
                .append("</caption><thead><tr><th>type</th><th>name</th><th>value</th><th>declared in</th></tr></thead><tbody>\n");
        for (ObjectView.Field f : fields) {
            h.append("<tr><td>").append(esc(f.type())).append("</td><td>").append(esc(f.name())).append("</td><td>");
            if (f.ref() != null) ref(h, f.ref(), false);
            else h.append(esc(f.value()));
            h.append("</td><td>").append(esc(f.declaringClass())).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    /** Escapes text for element content and double-quoted attribute values. */
    public static String esc(String s) {
        return io.heapsight.report.HtmlReport.esc(s);
    }
}

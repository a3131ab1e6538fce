package io.heapsight.report.result;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heapsight.analysis.result.Column;
import io.heapsight.analysis.result.Note;
import io.heapsight.analysis.result.ObjectRef;
import io.heapsight.analysis.result.ObjectView;
import io.heapsight.analysis.result.Path;
import io.heapsight.analysis.result.Result;
import io.heapsight.analysis.result.Sections;
import io.heapsight.analysis.result.Table;
import io.heapsight.analysis.result.Tree;

import java.util.List;

/**
 * The JSON form of every result shape: the explorer's API, `inspect --format json` and report sections all use it.
 * The shape is a contract (docs/json-contract.md, "Result shapes"):
 * <ul>
 *   <li>table: {@code {"type":"table","title","columns":[{"key","title","kind"}],"total","offset","rows":[{key: cell}]}}</li>
 *   <li>tree: {@code {"type":"tree","title","columns","totalRoots","roots":[{key: cell, ..., "childCount","children":[...]}]}}</li>
 *   <li>object: {@code {"type":"object","objectId","className","isClass","shallowBytes","retainedBytes","reachable",
 *       "dominator","text","arrayLength","fields":[{"name","type","value"|"objectId"+"className","declaringClass"}],"staticFields"}}</li>
 *   <li>sections: {@code {"type":"sections","title","summary","parts":[...]}}; note: {@code {"type":"note","title","text"}}</li>
 * </ul>
 * Cells: TEXT a string, COUNT/BYTES a number, FRACTION a number rounded to 4 places, OBJECT/CLASS the id as a hex
 * string ("0x7f3a12b8": tables that show objects carry the class name in a column of its own), PATH
 * {@code {"root":{"kind","description"},"steps":[{"field","objectId","className"}]}}; null stays null.
 */
public final class ResultJson {
    private static final ObjectMapper MAPPER = io.heapsight.report.TerminalSafeJson.configure(new ObjectMapper());

    private ResultJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode render(Result result) {
        return switch (result) {
            case Table t -> table(t);
            case Tree t -> tree(t);
            case ObjectView o -> object(o);
            case Sections s -> sections(s);
            case Note n -> note(n);
        };
    }

    static ObjectNode table(Table t) {
        ObjectNode out = MAPPER.createObjectNode();
        out.put("type", "table");
        out.put("title", t.title());
        out.set("columns", columns(t.columns()));
        out.put("total", t.total());
        out.put("offset", t.offset());
        ArrayNode rows = out.putArray("rows");
        for (List<Object> row : t.rows()) cells(rows.addObject(), t.columns(), row);
        return out;
    }

    static ObjectNode tree(Tree t) {
        ObjectNode out = MAPPER.createObjectNode();
        out.put("type", "tree");
        out.put("title", t.title());
        out.set("columns", columns(t.columns()));
        out.put("totalRoots", t.totalRoots());
        ArrayNode roots = out.putArray("roots");
        for (Tree.Node n : t.roots()) node(roots.addObject(), t.columns(), n);
        return out;
    }

    private static void node(ObjectNode out, List<Column> columns, Tree.Node n) {
        cells(out, columns, n.cells());
        out.put("childCount", n.childCount());
        ArrayNode children = out.putArray("children");
        for (Tree.Node c : n.children()) node(children.addObject(), columns, c);
    }

    static ObjectNode object(ObjectView o) {
        ObjectNode out = MAPPER.createObjectNode();
        out.put("type", "object");
        out.put("title", o.title());
        ref(out, o.object());
        if (!o.object().isClass()) out.put("isClass", false);
        out.put("shallowBytes", o.shallowBytes());
        out.put("retainedBytes", o.retainedBytes());
        out.put("reachable", o.reachable());
        if (o.dominator() == null) out.putNull("dominator");
        else ref(out.putObject("dominator"), o.dominator());
        if (o.textValue() == null) out.putNull("text");
        else out.put("text", o.textValue());
        out.put("arrayLength", o.arrayLength());
        fields(out.putArray("fields"), o.fields());
        fields(out.putArray("staticFields"), o.staticFields());
        return out;
    }

    private static void fields(ArrayNode out, List<ObjectView.Field> fields) {
        for (ObjectView.Field f : fields) {
            ObjectNode n = out.addObject();
            n.put("name", f.name());
            n.put("type", f.type());
            if (f.ref() != null) ref(n, f.ref());
            else n.put("value", f.value());
            if (f.declaringClass() != null) n.put("declaringClass", f.declaringClass());
        }
    }

    static ObjectNode sections(Sections s) {
        ObjectNode out = MAPPER.createObjectNode();
        out.put("type", "sections");
        out.put("title", s.title());
        if (s.summary() == null) out.putNull("summary");
        else out.put("summary", s.summary());
        ArrayNode parts = out.putArray("parts");
        for (Result r : s.parts()) parts.add(render(r));
        return out;
    }

    static ObjectNode note(Note n) {
        ObjectNode out = MAPPER.createObjectNode();
        out.put("type", "note");
        out.put("title", n.title());
        out.put("text", n.text());
        return out;
    }

    private static ArrayNode columns(List<Column> columns) {
        ArrayNode out = MAPPER.createArrayNode();
        for (Column c : columns) {
            ObjectNode n = out.addObject();
            n.put("key", c.key());
            n.put("title", c.title());
            n.put("kind", c.kind().name().toLowerCase(java.util.Locale.ROOT));
        }
        return out;
    }

    private static void cells(ObjectNode out, List<Column> columns, List<Object> cells) {
        for (int i = 0; i < columns.size(); i++) cell(out, columns.get(i), cells.get(i));
    }

    private static void cell(ObjectNode out, Column c, Object v) {
        String k = c.key();
        if (v == null) {
            out.putNull(k);
            return;
        }
        switch (c.kind()) {
            case TEXT -> out.put(k, v.toString());
            case COUNT, BYTES -> out.put(k, ((Number) v).longValue());
            case FRACTION -> out.put(k, Math.round(((Number) v).doubleValue() * 10_000) / 10_000.0);
            case OBJECT, CLASS -> out.put(k, ((ObjectRef) v).hexId());
            case PATH -> out.set(k, path((Path) v));
        }
    }

    /** A path from a GC root: {"root":{"kind","description"},"steps":[{"field","objectId","className"}]}. */
    public static ObjectNode path(Path p) {
        ObjectNode out = MAPPER.createObjectNode();
        if (p.isEmpty()) {
            out.putNull("root");
        } else {
            ObjectNode root = out.putObject("root");
            root.put("kind", p.rootKind());
            root.put("description", p.rootDescription());
        }
        ArrayNode steps = out.putArray("steps");
        for (Path.Step s : p.steps()) {
            ObjectNode n = steps.addObject();
            if (s.via() == null) n.putNull("field");
            else n.put("field", s.via());
            ref(n, s.object());
        }
        return out;
    }

    /** {"objectId","className"} and, for a class object, "isClass": true (className is then the class it stands for). */
    private static void ref(ObjectNode out, ObjectRef r) {
        out.put("objectId", r.hexId());
        out.put("className", r.className());
        if (r.isClass()) out.put("isClass", true);
    }
}

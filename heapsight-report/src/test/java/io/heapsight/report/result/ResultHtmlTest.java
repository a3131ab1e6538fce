package io.heapsight.report.result;

import io.heapsight.analysis.result.Column;
import io.heapsight.analysis.result.Note;
import io.heapsight.analysis.result.ObjectRef;
import io.heapsight.analysis.result.ObjectView;
import io.heapsight.analysis.result.Path;
import io.heapsight.analysis.result.Sections;
import io.heapsight.analysis.result.Table;
import io.heapsight.analysis.result.Tree;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** HTML fragments of hand-built results: escaping, object links, sortable numbers. */
class ResultHtmlTest {
    static final ObjectRef EVIL = ObjectRef.object(0xabcL, "com.example.<script>alert(1)</script>");
    static final ObjectRef EVIL_CLASS = ObjectRef.ofClass(0x10L, "com.example.<script>x</script>");

    @Test
    void everyTextFromTheDumpIsEscaped() {
        Table t = Table.of("Title <b>", List.of(Column.object("o", "object \"x\""), Column.classRef("c", "class"),
                Column.text("t", "text")), List.of(Arrays.asList(EVIL, EVIL_CLASS, "a & b '<img src=x>'")));
        String html = ResultHtml.render(t);
        assertThat(html).doesNotContain("<script>", "<b>", "<img");
        assertThat(html).contains("<h2>Title &lt;b&gt;</h2>", "object &quot;x&quot;",
                "com.example.&lt;script&gt;alert(1)&lt;/script&gt;@0xabc", "a &amp; b &#39;&lt;img src=x&gt;&#39;");
    }

    @Test
    void objectsAndClassesAreAnchorsByTheirId() {
        Table t = Table.of("Refs", List.of(Column.object("o", "object"), Column.classRef("c", "class")),
                List.of(List.of(ObjectRef.object(0x7f3a12b8L, "java.util.HashMap"), ObjectRef.ofClass(0x10L, "com.example.Cache"))));
        String html = ResultHtml.render(t);
        assertThat(html).contains("<td><a class=obj data-id=\"0x7f3a12b8\">java.util.HashMap@0x7f3a12b8</a></td>");
        assertThat(html).contains("<td><a class=cls data-id=\"0x10\">com.example.Cache</a></td>");
    }

    @Test
    void tablesAreSortableWithNumbersAsValues() {
        Table t = new Table("Histogram", List.of(Column.bytes("shallowBytes", "shallow"), Column.fraction("f", "share"),
                Column.text("className", "class")), List.of(List.of(2048L, 0.25, "byte[]")), 100, 0);
        String html = ResultHtml.render(t);
        assertThat(html).contains("<table class=sortable>", "<th data-key=\"shallowBytes\" class=n>shallow</th>",
                "<td class=n data-v=\"2048\">2.0 KB</td>", "<td class=n data-v=\"0.25\">25.0%</td>", "<p class=meta>rows 1–1 of 100</p>");
    }

    @Test
    void pathsAreListsWithLinkedObjects() {
        Path p = new Path("JNI global", "JNI global", List.of(new Path.Step(null, ObjectRef.object(0x1L, "com.example.Holder")),
                new Path.Step("com.example.Holder.items", ObjectRef.object(0x2L, "java.lang.Object[]"))));
        String html = ResultHtml.render(Table.of("P", List.of(Column.path("path", "path")), List.of(List.of(p))));
        assertThat(html).contains("<ol class=path><li><span class=root>JNI global</span> <a class=obj data-id=\"0x1\">com.example.Holder@0x1</a></li>"
                + "<li><code>com.example.Holder.items</code> → <a class=obj data-id=\"0x2\">java.lang.Object[]@0x2</a></li></ol>");
    }

    @Test
    void sectionsNestHeadingsAndTreesIndent() {
        Tree.Node child = Tree.Node.leaf(List.of(ObjectRef.object(0x3L, "byte[]")));
        Tree tree = new Tree("Tree", List.of(Column.object("o", "object")),
                List.of(new Tree.Node(List.of(EVIL), List.of(child), 4)), 1);
        String html = ResultHtml.render(new Sections("Outer", "sum <1>", List.of(tree, new Note("N", "n <2>"))));
        assertThat(html).contains("<h2>Outer</h2>", "<p class=summary>sum &lt;1&gt;</p>", "<h3>Tree</h3>", "<h3>N</h3>", "<p>n &lt;2&gt;</p>");
        assertThat(html).contains("<table class=tree>", "<tr data-depth=\"1\"><td class=d1><a class=obj data-id=\"0x3\">",
                "<tr class=more><td colspan=1 class=d1>… 3 more").doesNotContain("<script>", "style=");
    }

    @Test
    void deepTreesKeepTheirDepthButStopIndentingAtTheLastRule() {
        Tree.Node node = Tree.Node.leaf(List.of(ObjectRef.object(0x100L, "Node")));
        for (int d = 39; d >= 0; d--) node = new Tree.Node(List.of(ObjectRef.object(0x100L + d, "Node")), List.of(node), 1);
        String html = ResultHtml.render(new Tree("Chain", List.of(Column.object("o", "object")), List.of(node), 1));
        assertThat(html).contains("<tr data-depth=\"31\"><td class=d31>", "<tr data-depth=\"32\"><td class=d32>",
                "<tr data-depth=\"40\"><td class=d32>").doesNotContain("d33", "style=");
        assertThat(ResultHtml.indentRules()).contains("table.tree td.d1{padding-left:1.8em}", "table.tree td.d32{padding-left:39.0em}")
                .doesNotContain("td.d33");
    }

    @Test
    void theIndentJoinsAClassTheCellAlreadyHas() {
        StringBuilder quoted = new StringBuilder("<td class=\"n wide\" data-v=\"3\">3</td>");
        ResultHtml.indentCell(quoted, 2);
        assertThat(quoted).hasToString("<td class=\"n wide d2\" data-v=\"3\">3</td>");
        StringBuilder bare = new StringBuilder("<td class=n data-v=\"3\">3</td>");
        ResultHtml.indentCell(bare, 2);
        assertThat(bare).hasToString("<td class=\"n d2\" data-v=\"3\">3</td>");
        StringBuilder none = new StringBuilder("<td>x</td>");
        ResultHtml.indentCell(none, 50);
        assertThat(none).hasToString("<td class=d32>x</td>");
    }

    @Test
    void objectViewLinksReferencesAndEscapesValues() {
        ObjectView v = new ObjectView("s", ObjectRef.object(0x20L, "java.lang.String"), 24, 48, true, null, "</dd><script>", -1,
                List.of(ObjectView.Field.reference("value", "byte[]", ObjectRef.object(0x30L, "byte[]"), "java.lang.String")), List.of());
        String html = ResultHtml.render(v);
        assertThat(html).contains("<a class=obj data-id=\"0x30\">byte[]@0x30</a>", "&lt;/dd&gt;&lt;script&gt;").doesNotContain("<script>");
    }
}

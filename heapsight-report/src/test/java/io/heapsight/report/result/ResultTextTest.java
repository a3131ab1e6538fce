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

/** Plain text of hand-built results: the expected layouts are written out here, character by character. */
class ResultTextTest {
    static final ObjectRef MAP = ObjectRef.object(0x7f3a12b8L, "java.util.HashMap");
    static final ObjectRef CACHE = ObjectRef.ofClass(0x10L, "com.example.Cache");

    @Test
    void tableColumnsAlignNumbersRightAndTextLeft() {
        Table t = new Table("Instances", List.of(Column.count("count", "count"), Column.bytes("retainedBytes", "retained"),
                Column.fraction("share", "share"), Column.text("className", "class")),
                List.of(List.of(12_345L, 2L * 1024 * 1024, 0.5, "java.util.HashMap"),
                        List.of(7L, 100L, 0.0123, "byte[]")), 2, 0);
        assertThat(ResultText.render(t)).isEqualTo("""
                Instances
                   count  retained  share  class
                  12,345    2.0 MB  50.0%  java.util.HashMap
                       7     100 B   1.2%  byte[]
                """);
    }

    @Test
    void aPageSaysWhichRowsItHolds() {
        Table t = new Table("Histogram", List.of(Column.text("className", "class")),
                List.of(List.of("a"), List.of("b")), 8_213, 20);
        assertThat(ResultText.render(t)).endsWith("  rows 21–22 of 8,213\n");
        Table first = new Table("Histogram", List.of(Column.text("className", "class")), List.of(List.of("a")), 3, 0);
        assertThat(ResultText.render(first)).endsWith("  rows 1–1 of 3\n");
        assertThat(ResultText.render(Table.of("Histogram", List.of(Column.text("className", "class")), List.of(List.of("a")))))
                .doesNotContain("rows");
    }

    @Test
    void objectsByIdClassesByNameNullAsDash() {
        Table t = Table.of("Refs", List.of(Column.object("o", "object"), Column.classRef("c", "class"), Column.bytes("b", "bytes")),
                List.of(Arrays.asList(MAP, CACHE, null)));
        assertThat(ResultText.render(t)).isEqualTo("""
                Refs
                  object                        class              bytes
                  java.util.HashMap@0x7f3a12b8  com.example.Cache      -
                """);
    }

    @Test
    void pathsGoUnderTheirRowInTheGcRootForm() {
        Path p = new Path("system class", "system class", List.of(new Path.Step(null, CACHE),
                new Path.Step("static com.example.Cache.entries", MAP)));
        Table t = Table.of("Suspects", List.of(Column.text("holder", "holder"), Column.path("path", "path")),
                List.of(Arrays.asList("com.example.Cache.entries", p), Arrays.asList("x", Path.none())));
        assertThat(ResultText.render(t)).isEqualTo("""
                Suspects
                  holder
                  com.example.Cache.entries
                      GC root [system class] class com.example.Cache
                        └ static com.example.Cache.entries → java.util.HashMap@0x7f3a12b8
                  x
                      (no strong path from a GC root: only weakly or softly reachable)
                """);
    }

    @Test
    void controlCharactersCannotBreakTheLayout() {
        Table t = Table.of("Strings", List.of(Column.text("text", "text"), Column.count("n", "n")),
                List.of(List.of("two\nlines\t\u001b[31mred\u202e", 1L)));
        String out = ResultText.render(t);
        assertThat(out.lines()).hasSize(3);
        assertThat(out).contains("two\\nlines\\t\\x1b[31mred\\u202e  1");
    }

    @Test
    void treesIndentByDepthAndSayWhatIsNotShown() {
        Tree.Node leaf = Tree.Node.leaf(List.of(ObjectRef.object(0x30L, "byte[]"), 1024L));
        Tree.Node mid = new Tree.Node(List.of(MAP, 4096L), List.of(leaf), 3);
        Tree t = new Tree("Dominator tree", List.of(Column.object("object", "object"), Column.bytes("retainedBytes", "retained")),
                List.of(mid), 5);
        assertThat(ResultText.render(t)).isEqualTo("""
                Dominator tree
                  object                        retained
                  java.util.HashMap@0x7f3a12b8    4.0 KB
                    byte[]@0x30                   1.0 KB
                    … 2 more
                  rows 1–1 of 5
                """);
    }

    @Test
    void sectionsNestWithSummaryAndNotes() {
        Sections s = new Sections("Duplicate strings", "3 strings, 1 distinct", List.of(
                Table.of("Most wasteful", List.of(Column.count("count", "copies"), Column.text("text", "text")),
                        List.of(List.of(3L, "BOOLEAN"))),
                new Note("Advice", "use -XX:+UseStringDeduplication")));
        assertThat(ResultText.renderSection(s)).isEqualTo("""
                DUPLICATE STRINGS
                  3 strings, 1 distinct
                  Most wasteful
                    copies  text
                         3  BOOLEAN
                  Advice
                    use -XX:+UseStringDeduplication
                """);
    }

    @Test
    void objectViewListsFieldsWithReferencesByObject() {
        ObjectView v = new ObjectView("java.util.ArrayList@0x20", ObjectRef.object(0x20L, "java.util.ArrayList"), 24, 80, true,
                MAP, null, -1,
                List.of(ObjectView.Field.primitive("size", "int", "2", "java.util.ArrayList"),
                        ObjectView.Field.reference("elementData", "Object[]", ObjectRef.object(0x30L, "java.lang.Object[]"), "java.util.ArrayList"),
                        ObjectView.Field.reference("next", "Object", null, "java.util.ArrayList")),
                List.of());
        assertThat(ResultText.render(v)).isEqualTo("""
                java.util.ArrayList@0x20
                  java.util.ArrayList@0x20: shallow 24 B, retained 80 B, reachable
                  dominator: java.util.HashMap@0x7f3a12b8
                  Fields
                    type      name         value
                    int       size         2
                    Object[]  elementData  java.lang.Object[]@0x30
                    Object    next         null
                """);
    }
}

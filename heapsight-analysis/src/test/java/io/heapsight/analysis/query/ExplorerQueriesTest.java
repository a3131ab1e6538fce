package io.heapsight.analysis.query;

import io.heapsight.analysis.AnalysisOptions;
import io.heapsight.analysis.DominatorTree;
import io.heapsight.analysis.GcRootPaths;
import io.heapsight.analysis.result.ObjectRef;
import io.heapsight.analysis.result.ObjectView;
import io.heapsight.analysis.result.Path;
import io.heapsight.analysis.result.Table;
import io.heapsight.analysis.result.Tree;
import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.Progress;
import io.heapsight.testkit.DumpedHeap;
import io.heapsight.testkit.ForkedDump;
import io.heapsight.testkit.scenarios.KnownGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The explorer's queries on the hand-computed {@link KnownGraph} (compressed oops: 12-byte headers, 4-byte references):
 * Leaf = 16 B, ChainNode = 24 B, CycleA/B = 16 B, Triple = 24 B, Leaf[100] = 416 B.
 */
class ExplorerQueriesTest {
    static final String P = "io.heapsight.testkit.scenarios.KnownGraph$";

    @TempDir
    static java.nio.file.Path dir;
    static HeapSnapshot heap;
    static AnalysisContext ctx;

    @BeforeAll
    static void dump() throws Exception {
        DumpedHeap dumped = ForkedDump.of(KnownGraph.class).jvmArgs("-Xmx256m", "-XX:+UseG1GC").run(dir);
        heap = HeapSnapshot.open(dumped.file(), Progress.NONE);
        DominatorTree dom = DominatorTree.compute(heap, Progress.NONE);
        ctx = new AnalysisContext(heap, dom, GcRootPaths.compute(heap, false), AnalysisOptions.defaults(), dumped.file(), Progress.NONE);
    }

    @AfterAll
    static void close() throws Exception {
        if (heap != null) heap.close();
    }

    static Object run(String query, String... args) throws Exception {
        return Queries.named(query).run(ctx, QueryArgs.of(args));
    }

    static String triple() throws Exception {
        Table t = (Table) run("instances", "class", P + "Triple");
        assertThat(t.total()).isEqualTo(1);
        return ((ObjectRef) t.cell(0, "objectId")).hexId();
    }

    @Test
    void histogramFiltersSortsAndPages() throws Exception {
        Table leaf = (Table) run("histogram", "filter", "KnownGraph\\$Leaf$");
        assertThat(leaf.total()).isEqualTo(1);
        assertThat(leaf.cell(0, "count")).isEqualTo(100L);
        assertThat(leaf.cell(0, "shallowBytes")).isEqualTo(1600L);
        assertThat(leaf.cell(0, "retainedBytes")).isEqualTo(1600L);

        Table all = (Table) run("histogram", "sort", "retained", "limit", "5", "offset", "2");
        assertThat(all.rows()).hasSize(5);
        assertThat(all.offset()).isEqualTo(2);
        assertThat(all.total()).isGreaterThan(100);
        long prev = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long r = (Long) all.cell(i, "retainedBytes");
            assertThat(r).isLessThanOrEqualTo(prev);
            prev = r;
        }
        Table byPackage = (Table) run("histogram", "group", "package", "filter", "KnownGraph");
        assertThat(byPackage.cell(0, "package")).isEqualTo("io.heapsight.testkit.scenarios");
        assertThatThrownBy(() -> run("histogram", "filter", "([a"))
                .isInstanceOf(QueryException.class).hasMessageContaining("regular expression");
        assertThatThrownBy(() -> run("histogram", "sort", "bogus")).isInstanceOf(QueryException.class);
    }

    @Test
    void instancesAndObjectInspector() throws Exception {
        Table leaves = (Table) run("instances", "class", P + "Leaf", "limit", "10");
        assertThat(leaves.total()).isEqualTo(100);
        assertThat(leaves.rows()).hasSize(10);
        assertThat(leaves.cell(0, "shallowBytes")).isEqualTo(16L);

        ObjectView t = (ObjectView) run("object", "object", triple());
        assertThat(t.shallowBytes()).isEqualTo(24);
        // Triple retains itself, Leaf[] + 100 leaves, 1000 chain nodes, the two cycle objects
        assertThat(t.retainedBytes()).isEqualTo(24 + 416 + 1600 + 24_000 + 32);
        assertThat(t.fields()).extracting(ObjectView.Field::name).containsExactly("a", "b", "c");
        assertThat(t.fields().get(0).ref().className()).isEqualTo(P + "Leaf[]");
        assertThat(t.fields().get(1).ref().className()).isEqualTo(P + "ChainNode");

        ObjectView array = (ObjectView) run("object", "object", t.fields().get(0).ref().hexId(), "offset", "98", "limit", "10");
        assertThat(array.arrayLength()).isEqualTo(100);
        assertThat(array.fields()).extracting(ObjectView.Field::name).containsExactly("[98]", "[99]");
        ObjectView leaf = (ObjectView) run("object", "object", array.fields().get(1).ref().hexId());
        assertThat(leaf.fields().get(0).value()).isEqualTo("99"); // leaves[i].x = i
        assertThat(leaf.dominator().hexId()).isEqualTo(t.fields().get(0).ref().hexId());

        assertThatThrownBy(() -> run("object", "object", "0x1")).isInstanceOf(QueryException.class)
                .satisfies(e -> assertThat(((QueryException) e).reason()).isEqualTo(QueryException.Reason.NOT_FOUND));
        assertThatThrownBy(() -> run("object", "object", "nothex")).isInstanceOf(QueryException.class)
                .satisfies(e -> assertThat(((QueryException) e).reason()).isEqualTo(QueryException.Reason.BAD_ARGUMENT));
    }

    @Test
    void referrersReferencesAndPath() throws Exception {
        ObjectView t = (ObjectView) run("object", "object", triple());
        String array = t.fields().get(0).ref().hexId();
        Table in = (Table) run("referrers", "object", array);
        assertThat(in.total()).isEqualTo(1);
        assertThat(in.cell(0, "className")).isEqualTo(P + "Triple");
        assertThat(in.cell(0, "field")).isEqualTo(P + "Triple.a");

        Table out = (Table) run("references", "object", array, "limit", "3");
        assertThat(out.rows()).hasSize(3);
        assertThat(out.cell(0, "className")).isEqualTo(P + "Leaf");
        assertThat((String) out.cell(0, "field")).matches("\\[\\d+]");

        Table leafIn = (Table) run("referrers", "object", ((ObjectRef) out.cell(0, "objectId")).hexId());
        assertThat(leafIn.cell(0, "objectId")).isEqualTo(t.fields().get(0).ref());

        Table p = (Table) run("path", "object", ((ObjectRef) out.cell(0, "objectId")).hexId());
        Path path = (Path) p.cell(0, "path");
        assertThat(path.rootKind()).isEqualTo("system class");
        // the launcher's class holds the main class; from there: the static field, Triple.a, the slot
        int n = path.steps().size();
        assertThat(path.steps().subList(n - 4, n)).extracting(s -> s.object().className())
                .containsExactly("io.heapsight.testkit.scenarios.KnownGraph", P + "Triple", P + "Leaf[]", P + "Leaf");
        assertThat(path.steps().get(n - 4).object().isClass()).isTrue();
        assertThat(path.steps().get(n - 3).via()).isEqualTo("static io.heapsight.testkit.scenarios.KnownGraph.ROOT_TRIPLE");
        assertThat(path.steps().get(n - 2).via()).isEqualTo(P + "Triple.a");
        assertThat(path.steps().get(0).via()).isNull();
    }

    @Test
    void softOnlyObjectHasAPathOnlyThroughWeakReferences() throws Exception {
        Table soft = (Table) run("instances", "class", P + "SoftOnly");
        String id = ((ObjectRef) soft.cell(0, "objectId")).hexId();
        assertThat(((Path) ((Table) run("path", "object", id)).cell(0, "path")).isEmpty()).isTrue();
        Path weak = (Path) ((Table) run("path", "object", id, "weak", "true")).cell(0, "path");
        assertThat(weak.steps()).extracting(s -> s.object().className()).contains("java.lang.ref.SoftReference");
    }

    @Test
    void dominatedChildrenLargestFirst() throws Exception {
        Table d = (Table) run("dominated", "object", triple());
        assertThat(d.total()).isEqualTo(3);
        assertThat(d.rows()).extracting(r -> r.get(1)).containsExactly(P + "ChainNode", P + "Leaf[]", P + "CycleA");
        assertThat(d.rows()).extracting(r -> r.get(3)).containsExactly(24_000L, 2016L, 32L);
        Table roots = (Table) run("dominated");
        assertThat(roots.total()).isGreaterThan(0);
    }

    @Test
    void mergedPathsCountEveryInstanceOnceThroughTheSharedBranch() throws Exception {
        Tree tree = (Tree) run("merged-paths", "class", P + "Leaf", "depth", "8");
        assertThat(tree.roots()).hasSize(1);
        Tree.Node root = tree.roots().get(0);
        assertThat(root.cells().get(3)).isEqualTo(100L);
        assertThat(root.cells().get(5)).isNotNull(); // the GC root's description
        Tree.Node node = root;
        while (!(P + "Triple").equals(node.cells().get(1))) {
            assertThat(node.children()).hasSize(1); // one shared branch down to the array
            assertThat(node.cells().get(3)).isEqualTo(100L);
            node = node.children().get(0);
        }
        Tree.Node arrayNode = node.children().get(0);
        assertThat(arrayNode.cells().get(2)).isEqualTo(P + "Triple.a");
        assertThat(arrayNode.cells().get(1)).isEqualTo(P + "Leaf[]");
        assertThat(arrayNode.cells().get(3)).isEqualTo(100L);
        assertThat(arrayNode.childCount()).isEqualTo(100);
        assertThat(arrayNode.children()).hasSize(25); // width
        // the chain: 1000 nodes in one line, every node counted once per instance below it
        Tree chain = (Tree) run("merged-paths", "class", P + "ChainNode", "depth", "3");
        assertThat(chain.roots().get(0).cells().get(3)).isEqualTo(1000L);
    }

    @Test
    void threadsShowFrameLocals() throws Exception {
        Tree threads = (Tree) run("threads");
        Tree.Node holder = threads.roots().stream().filter(n -> "\"frame-holder\"".equals(n.cells().get(2))).findFirst().orElseThrow();
        List<Object> locals = holder.children().stream().flatMap(f -> f.children().stream()).map(l -> l.cells().get(1)).toList();
        assertThat(locals).contains(P + "FrameLocalPayload");
        // FrameLocalPayload 16 + byte[7000] (16 + 7000) kept alive by the frame alone
        assertThat((Long) holder.cells().get(3)).isGreaterThanOrEqualTo(7032L);
    }

    @Test
    void classSummary() throws Exception {
        Table c = (Table) run("class", "class", P + "Leaf");
        assertThat(c.cell(0, "count")).isEqualTo(100L);
        assertThat(c.cell(0, "instanceSize")).isEqualTo(16L);
        assertThat(c.cell(0, "superName")).isEqualTo("java.lang.Object");
        assertThatThrownBy(() -> run("class", "class", "no.such.Class")).isInstanceOf(QueryException.class);
    }
}

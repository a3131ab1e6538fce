package io.heapsight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heapsight.testkit.ForkedDump;
import io.heapsight.testkit.scenarios.KnownGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** `heapsight inspect`: the explorer's queries from a terminal, on the hand-computed KnownGraph dump. */
class InspectCommandTest {
    static final String P = "io.heapsight.testkit.scenarios.KnownGraph$";

    @TempDir
    static Path dir;
    static String dump;

    @BeforeAll
    static void make() throws Exception {
        dump = ForkedDump.of(KnownGraph.class).jvmArgs("-Xmx256m", "-XX:+UseG1GC").run(dir).file().toString();
    }

    static CliRun run(String stdin, String... args) {
        return CliRun.withInput(stdin, args);
    }

    @Test
    void histogramAsTextAndJson() throws Exception {
        CliRun text = run("", "inspect", dump, "histogram", "--filter", "KnownGraph\\$(Leaf|ChainNode)$", "--sort", "count");
        assertThat(text.code()).as(text.err()).isZero();
        String[] lines = text.out().strip().split("\n");
        assertThat(text.out()).contains(P + "ChainNode", P + "Leaf");
        assertThat(text.out().indexOf(P + "ChainNode")).isLessThan(text.out().indexOf(P + "Leaf "));
        assertThat(lines.length).isLessThan(10);

        CliRun json = run("", "inspect", dump, "histogram", "--filter", "KnownGraph\\$Leaf$", "--format", "json");
        assertThat(json.code()).isZero();
        JsonNode t = new ObjectMapper().readTree(json.out());
        assertThat(t.get("total").asLong()).isEqualTo(1);
        assertThat(t.get("rows").get(0).get("count").asLong()).isEqualTo(100);
        assertThat(t.get("rows").get(0).get("shallowBytes").asLong()).isEqualTo(1600);
    }

    @Test
    void objectReferrersAndPathByTheIdsTheReportsPrint() throws Exception {
        CliRun inst = run("", "inspect", dump, "instances", P + "Triple", "--format", "json");
        String triple = new ObjectMapper().readTree(inst.out()).get("rows").get(0).get("objectId").asText();
        CliRun obj = run("", "inspect", dump, "object", triple);
        assertThat(obj.code()).as(obj.err()).isZero();
        assertThat(obj.out()).contains(P + "Triple@" + triple).contains("24 B").contains(P + "Leaf[]@0x");
        CliRun path = run("", "inspect", dump, "path", triple);
        assertThat(path.out()).contains("GC root [").contains("static io.heapsight.testkit.scenarios.KnownGraph.ROOT_TRIPLE");
        CliRun dominated = run("", "inspect", dump, "dominated", triple, "--format", "json");
        assertThat(new ObjectMapper().readTree(dominated.out()).get("total").asLong()).isEqualTo(3);
    }

    @Test
    void errorsAreOneLineWithTheirExitCodes() {
        CliRun missing = run("", "inspect", dump, "object", "0x1");
        assertThat(missing.code()).isEqualTo(ExitCodes.NOT_IN_DUMP);
        assertThat(missing.err().strip()).doesNotContain("\n").contains("0x1");
        CliRun badId = run("", "inspect", dump, "object", "zz");
        assertThat(badId.code()).isEqualTo(ExitCodes.USAGE);
        CliRun badQuery = run("", "inspect", dump, "histogramm");
        assertThat(badQuery.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badQuery.err()).contains("histogram");
        CliRun noFile = run("", "inspect", dir.resolve("nope.hprof").toString(), "histogram");
        assertThat(noFile.code()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void withoutAQueryItReadsQueriesFromStandardInput() {
        CliRun r = run("histogram --filter \"KnownGraph\\$Leaf$\"\nobject 0x1\nclass " + P + "Leaf\nquit\n", "inspect", dump);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains(P + "Leaf").contains("16 B");
        assertThat(r.err()).contains("heapsight> ").contains("no object with id 0x1");
    }
}

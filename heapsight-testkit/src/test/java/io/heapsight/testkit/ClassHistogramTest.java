package io.heapsight.testkit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ClassHistogramTest {
    private static final Path MAT_DUMPS = Paths.get("../../shared/fixtures/mat-dumps");

    @Test
    void parsesModernHistogramWithModulesAndTotal() {
        String text = """
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:          2380         174504  [B (java.base@25.0.3)
                   2:           113          12088  [[I (java.base@25.0.3)
                   3:            40           1280  [Ljava.lang.String; (java.base@25.0.3)
                   4:             7            112  com.example.Foo
                   5:             3             48  com.example.Foo
                   6:             1             16  java.lang.invoke.LambdaForm$MH/0x00007f3c8c00d000 (java.base@25.0.3)
                   7:             2             64  [[Lcom.example.Foo;
                   8:             5            120  [Z (java.base@25.0.3)
                Total          2551         188232
                """;
        ClassHistogram h = ClassHistogram.parseJmapHisto(text);

        assertThat(h.byClassName()).containsOnlyKeys("byte[]", "int[][]", "java.lang.String[]", "com.example.Foo",
                "java.lang.invoke.LambdaForm$MH/0x00007f3c8c00d000", "com.example.Foo[][]", "boolean[]");
        assertThat(h.get("byte[]")).isEqualTo(new ClassHistogram.Entry("byte[]", 2380, 174504));
        assertThat(h.get("com.example.Foo")).isEqualTo(new ClassHistogram.Entry("com.example.Foo", 10, 160));
        assertThat(h.totalCount()).isEqualTo(2551);
        assertThat(h.totalBytes()).isEqualTo(188232);
    }

    @Test
    void convertsDescriptors() {
        assertThat(ClassHistogram.sourceName("[C")).isEqualTo("char[]");
        assertThat(ClassHistogram.sourceName("[[[J")).isEqualTo("long[][][]");
        assertThat(ClassHistogram.sourceName("[Ljava.lang.Object;")).isEqualTo("java.lang.Object[]");
        assertThat(ClassHistogram.sourceName("java.util.HashMap$Node")).isEqualTo("java.util.HashMap$Node");
    }

    @Test
    void rejectsTextThatIsNotAHistogram() {
        assertThatThrownBy(() -> ClassHistogram.parseJmapHisto("hello\nworld\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a class histogram");
    }

    /** JDK 5 format: no "num:" column, CRLF, a pseudo class with a space in its name. Totals summed with awk. */
    @Test
    void parsesJdk5HistogramWithoutNumColumn() throws IOException {
        ClassHistogram h = ClassHistogram.parseJmapHisto(fixture("histogram_sun_jdk5_13_x32.txt"));

        assertThat(h.byClassName()).hasSize(140);
        assertThat(h.totalCount()).isEqualTo(1225);
        assertThat(h.totalBytes()).isEqualTo(138944);
        assertThat(h.get("char[]")).isEqualTo(new ClassHistogram.Entry("char[]", 171, 44312));
        assertThat(h.get("java.lang.Object[]")).isEqualTo(new ClassHistogram.Entry("java.lang.Object[]", 211, 8272));
        assertThat(h.get("int[][]")).isEqualTo(new ClassHistogram.Entry("int[][]", 26, 672));
        assertThat(h.get("<no name>")).isEqualTo(new ClassHistogram.Entry("<no name>", 13, 1112));
        assertThat(h.get("<objArrayKlassKlass>").count()).isEqualTo(33);
        assertThat(h.get("java.util.Hashtable$EmptyIterator").bytes()).isEqualTo(8);
    }

    /** JDK 6 format with "num:" column and PermGen pseudo classes. Totals summed with awk. */
    @Test
    void parsesJdk6HistogramWithNumColumn() throws IOException {
        ClassHistogram h = ClassHistogram.parseJmapHisto(fixture("sun_jdk6_30_x64_compressedOops.notes.txt"));

        assertThat(h.byClassName()).hasSize(168);
        assertThat(h.totalCount()).isEqualTo(22772);
        assertThat(h.totalBytes()).isEqualTo(2833480);
        assertThat(h.get("<methodKlass>")).isEqualTo(new ClassHistogram.Entry("<methodKlass>", 4752, 651328));
        assertThat(h.get("char[]")).isEqualTo(new ClassHistogram.Entry("char[]", 842, 114152));
        assertThat(h.get("org.eclipse.mat.tests.CreateSampleDump$DominatorTestData$F").count()).isEqualTo(1);
    }

    @Test
    void parsesEveryMatHistogram() throws IOException {
        assumeTrue(Files.isDirectory(MAT_DUMPS), "../shared/fixtures/mat-dumps absent (plain clone): skipped");
        try (var files = Files.list(MAT_DUMPS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".txt") && !p.endsWith("README.md")).toList()) {
                ClassHistogram h = ClassHistogram.parseJmapHisto(Files.readString(f));
                assertThat(h.count("java.lang.String")).as(f.toString()).isPositive();
                assertThat(h.count("char[]")).as(f.toString()).isPositive();
            }
        }
    }

    private static String fixture(String name) throws IOException {
        Path f = MAT_DUMPS.resolve(name);
        assumeTrue(Files.isRegularFile(f), f + " absent (plain clone without ../shared): skipped");
        return Files.readString(f);
    }
}

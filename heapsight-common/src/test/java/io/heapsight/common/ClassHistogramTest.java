package io.heapsight.common;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Expected totals were summed with awk over the files, independently of the parser. */
class ClassHistogramTest {
    private static final Path MAT_DUMPS = Paths.get("../../shared/fixtures/mat-dumps");

    @Test
    void parsesModernRowsWithModulesSummingSameNamedClasses() {
        String text = """
                12345:
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
        ClassHistogram h = ClassHistogram.parse(text);

        assertThat(h.rows()).extracting(ClassHistogram.Row::className).containsExactly("byte[]", "int[][]",
                "java.lang.String[]", "com.example.Foo", "java.lang.invoke.LambdaForm$MH/0x00007f3c8c00d000",
                "com.example.Foo[][]", "boolean[]");
        assertThat(h.get("byte[]")).isEqualTo(new ClassHistogram.Row("byte[]", 2380, 174504));
        assertThat(h.get("com.example.Foo")).isEqualTo(new ClassHistogram.Row("com.example.Foo", 10, 160));
        assertThat(h.instances("com.example.Missing")).isZero();
        assertThat(h.totalInstances()).isEqualTo(2551);
        assertThat(h.totalBytes()).isEqualTo(188232);
    }

    @Test
    void withoutATotalLineSumsTheRows() {
        ClassHistogram h = ClassHistogram.parse("   1:  10  160  a.A\n   2:  5  80  b.B\n");
        assertThat(h.totalInstances()).isEqualTo(15);
        assertThat(h.totalBytes()).isEqualTo(240);
    }

    @Test
    void rejectsTextThatIsNotAHistogram() {
        assertThatThrownBy(() -> ClassHistogram.parse("hello\nworld\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a class histogram");
        assertThatThrownBy(() -> ClassHistogram.parse(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a class histogram");
    }

    /** jcmd GC.class_histogram of a JDK 25.0.3 JVM, "pid:" line included. */
    @Test
    void parsesJdk25JcmdOutput() throws IOException {
        ClassHistogram h = ClassHistogram.parse(resource("jcmd_jdk25_0_3_x64.txt"));

        assertThat(h.rows()).hasSize(838);
        assertThat(h.totalInstances()).isEqualTo(69718);
        assertThat(h.totalBytes()).isEqualTo(3072848);
        assertThat(h.rows().stream().mapToLong(ClassHistogram.Row::bytes).sum()).isEqualTo(3072848);
        assertThat(h.rows().getFirst()).isEqualTo(new ClassHistogram.Row("byte[]", 16510, 789696));
        assertThat(h.get("java.lang.String")).isEqualTo(new ClassHistogram.Row("java.lang.String", 16350, 392400));
        assertThat(h.get("java.lang.String[]")).isEqualTo(new ClassHistogram.Row("java.lang.String[]", 111, 6912));
        assertThat(h.get("int[][]")).isEqualTo(new ClassHistogram.Row("int[][]", 1, 216));
        assertThat(h.instances("java.util.regex.Pattern$$Lambda/0x800000027")).isEqualTo(6);
    }

    @Test
    void parsesJdk17JcmdOutput() throws IOException {
        ClassHistogram h = ClassHistogram.parse(resource("jcmd_jdk17_0_15_x64.txt"));

        assertThat(h.rows()).hasSize(715);
        assertThat(h.totalInstances()).isEqualTo(64356);
        assertThat(h.get("byte[]")).isEqualTo(new ClassHistogram.Row("byte[]", 14400, 838512));
        assertThat(h.instances("java.util.regex.Pattern$$Lambda$42/0x00007f2f64051838")).isEqualTo(1);
    }

    /** JDK 5 format: no "num:" column, CRLF, a pseudo class with a space in its name. */
    @Test
    void parsesJdk5HistogramWithoutNumColumn() throws IOException {
        ClassHistogram h = ClassHistogram.parse(fixture("histogram_sun_jdk5_13_x32.txt"));

        assertThat(h.rows()).hasSize(140);
        assertThat(h.totalInstances()).isEqualTo(1225);
        assertThat(h.totalBytes()).isEqualTo(138944);
        assertThat(h.get("char[]")).isEqualTo(new ClassHistogram.Row("char[]", 171, 44312));
        assertThat(h.get("java.lang.Object[]")).isEqualTo(new ClassHistogram.Row("java.lang.Object[]", 211, 8272));
        assertThat(h.get("int[][]")).isEqualTo(new ClassHistogram.Row("int[][]", 26, 672));
        assertThat(h.get("<no name>")).isEqualTo(new ClassHistogram.Row("<no name>", 13, 1112));
        assertThat(h.instances("<objArrayKlassKlass>")).isEqualTo(33);
        assertThat(h.bytes("java.util.Hashtable$EmptyIterator")).isEqualTo(8);
    }

    /** JDK 6 format with "num:" column and PermGen pseudo classes. */
    @Test
    void parsesJdk6HistogramWithNumColumn() throws IOException {
        ClassHistogram h = ClassHistogram.parse(fixture("sun_jdk6_30_x64_compressedOops.notes.txt"));

        assertThat(h.rows()).hasSize(168);
        assertThat(h.totalInstances()).isEqualTo(22772);
        assertThat(h.totalBytes()).isEqualTo(2833480);
        assertThat(h.get("<methodKlass>")).isEqualTo(new ClassHistogram.Row("<methodKlass>", 4752, 651328));
        assertThat(h.get("char[]")).isEqualTo(new ClassHistogram.Row("char[]", 842, 114152));
        assertThat(h.instances("org.eclipse.mat.tests.CreateSampleDump$DominatorTestData$F")).isEqualTo(1);
    }

    @Test
    void parsesEveryMatHistogram() throws IOException {
        assumeTrue(Files.isDirectory(MAT_DUMPS), "../shared/fixtures/mat-dumps absent (plain clone): skipped");
        try (var files = Files.list(MAT_DUMPS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".txt")).toList()) {
                ClassHistogram h = ClassHistogram.parse(Files.readString(f));
                assertThat(h.instances("java.lang.String")).as(f.toString()).isPositive();
                assertThat(h.instances("char[]")).as(f.toString()).isPositive();
            }
        }
    }

    @Test
    void growthSinceOrdersByBytesGainedAndCountsVanishedClasses() {
        ClassHistogram before = ClassHistogram.parse("""
                   1:          1000         100000  [B (java.base@25.0.3)
                   2:           500          12000  java.lang.String (java.base@25.0.3)
                   3:            10            240  com.example.Gone
                Total          1510         112240
                """);
        ClassHistogram after = ClassHistogram.parse("""
                   1:          5000         500000  [B (java.base@25.0.3)
                   2:           600          14400  java.lang.String (java.base@25.0.3)
                   3:           100           1600  com.example.Session
                Total          5700         516000
                """);
        var growth = after.growthSince(before, 10);

        assertThat(growth).extracting(ClassHistogram.Growth::className)
                .containsExactly("byte[]", "java.lang.String", "com.example.Session", "com.example.Gone");
        assertThat(growth.getFirst().deltaBytes()).isEqualTo(400000);
        assertThat(growth.getFirst().deltaInstances()).isEqualTo(4000);
        assertThat(growth.getLast().deltaBytes()).isEqualTo(-240);
        assertThat(after.growthSince(before, 2)).hasSize(2);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ClassHistogramTest.class.getResourceAsStream("/histograms/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String fixture(String name) throws IOException {
        Path f = MAT_DUMPS.resolve(name);
        assumeTrue(Files.isRegularFile(f), f + " absent (plain clone without ../shared): skipped");
        return Files.readString(f);
    }
}

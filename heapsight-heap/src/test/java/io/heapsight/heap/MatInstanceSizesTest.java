package io.heapsight.heap;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Eclipse MAT's TestInstanceSizes on its own test dumps (JDK 5 and 6; 32-bit, 64-bit, compressed oops on and off),
 * which ../shared/fixtures/mat-dumps holds beside the checkout: the jmap histogram taken from the same JVM pins the
 * size of one instance of each class. For every class line (pseudo-classes like {@code <methodKlass>} and
 * java.lang.Class aside) bytes / count must be our instance size; for an array class the total shallow bytes must be
 * equal when the dump holds as many arrays as the histogram counted. MAT allows one miss on the JDK 5 dump (a
 * byte[] that changed between the dump and the histogram).
 */
class MatInstanceSizesTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "sun_jdk5_13_x32.hprof.gz, histogram_sun_jdk5_13_x32.txt, 1, 32-bit",
            "sun_jdk6_18_x32.hprof.gz, histogram_sun_jdk6_18_x32.txt, 0, 32-bit",
            "sun_jdk6_18_x64.hprof.gz, histogram_sun_jdk6_18_x64.txt, 0, 64-bit, uncompressed",
            "sun_jdk6_30_x64_compressedOops.hprof.gz, sun_jdk6_30_x64_compressedOops.notes.txt, 0, 64-bit, compressed oops",
            "sun_jdk6_30_x64_nocompressedOops.hprof.gz, sun_jdk6_30_x64_nocompressedOops.notes.txt, 0, 64-bit, uncompressed",
            // beyond MAT's check: the hprof agent's 4-byte serial ids on a 64-bit JVM, which used its default
            // (compressed oops); its twin run with -XX:-UseCompressedOops cannot be told apart (ids are not addresses)
            "sun_jdk6_31_hprofagent_compressedOops.hprof.gz, sun_jdk6_31_hprofagent_compressedOops.txt, 0, 64-bit, compressed oops",
    })
    void instanceSizesMatchTheJvmsHistogram(String dump, String histogram, int allowedMismatches, String geometry) throws IOException {
        Path fixtures = fixtures();
        Path copy = dir.resolve(dump); // the fixtures folder is read-only; the gzip is inflated beside the copy
        Files.copy(fixtures.resolve(dump), copy);
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        try (HeapSnapshot heap = HeapSnapshot.parse(copy, Progress.NONE)) {
            assertThat(heap.layout().name()).startsWith(geometry).contains(dump.contains("jdk5") ? "JDK 5" : "JDK 6");
            for (HistogramLine line : histogram(fixtures.resolve(histogram))) {
                if (line.className.startsWith("<") || line.className.equals("java.lang.Class")) continue;
                HeapClass c = classNamed(heap, line.className);
                if (c == null) continue; // loaded after the dump was taken
                if (c.isArray()) {
                    long total = 0;
                    int count = 0;
                    for (int obj = 0; obj < heap.objectCount(); obj++) {
                        if (heap.classOf(obj) == c.index()) {
                            total += heap.shallowSize(obj);
                            count++;
                        }
                    }
                    if (count != line.count) continue; // not the same arrays
                    checked++;
                    if (total != line.bytes) mismatches.add(c.name() + ": " + count + " arrays of " + line.bytes + " bytes, we say " + total);
                } else {
                    checked++;
                    long expected = line.bytes / line.count;
                    if (c.instanceSize() != expected) mismatches.add(c.name() + ": " + expected + " bytes, we say " + c.instanceSize());
                }
            }
        }
        System.err.println(dump + ": " + checked + " classes checked, " + mismatches.size() + " mismatches " + mismatches);
        assertThat(checked).as("classes compared").isGreaterThan(100);
        assertThat(mismatches).as("classes whose size differs from the JVM's histogram").hasSizeLessThanOrEqualTo(allowedMismatches);
    }

    static Path fixtures() {
        // the project root is the parent of this module; ../shared sits beside the project root
        Path root = Path.of("").toAbsolutePath();
        if (!Files.exists(root.resolve("mvnw")) && root.getParent() != null) root = root.getParent();
        Path fixtures = root.resolveSibling("shared").resolve("fixtures").resolve("mat-dumps");
        Assumptions.assumeTrue(Files.isDirectory(fixtures),
                "skipped: no MAT fixture dumps at " + fixtures + " (../shared beside the checkout)");
        return fixtures;
    }

    private static HeapClass classNamed(HeapSnapshot heap, String name) {
        for (int i = 0; i < heap.classCount(); i++) {
            if (heap.heapClass(i).name().equals(name)) return heap.heapClass(i);
        }
        return null;
    }

    record HistogramLine(long count, long bytes, String className) {}

    /** jmap -histo lines: "  num:  #instances  #bytes  class" (JDK 6) or "#instances #bytes class" (JDK 5). */
    static List<HistogramLine> histogram(Path file) throws IOException {
        List<HistogramLine> lines = new ArrayList<>();
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] t = raw.strip().split("\\s+");
            int i = t.length > 0 && t[0].endsWith(":") ? 1 : 0;
            if (t.length < i + 3 || !t[i].matches("\\d+") || !t[i + 1].matches("\\d+")) continue;
            long count = Long.parseLong(t[i]);
            if (count == 0) continue;
            lines.add(new HistogramLine(count, Long.parseLong(t[i + 1]), sourceName(t[i + 2])));
        }
        return lines;
    }

    /** "[C" -> "char[]", "[[Ljava.lang.String;" -> "java.lang.String[][]"; other names unchanged. */
    static String sourceName(String jvmName) {
        int dims = 0;
        while (dims < jvmName.length() && jvmName.charAt(dims) == '[') dims++;
        if (dims == 0) return jvmName;
        String element = jvmName.substring(dims);
        String base = switch (element) {
            case "Z" -> "boolean";
            case "B" -> "byte";
            case "C" -> "char";
            case "S" -> "short";
            case "I" -> "int";
            case "J" -> "long";
            case "F" -> "float";
            case "D" -> "double";
            default -> element.startsWith("L") && element.endsWith(";") ? element.substring(1, element.length() - 1) : element;
        };
        return base + "[]".repeat(dims);
    }
}

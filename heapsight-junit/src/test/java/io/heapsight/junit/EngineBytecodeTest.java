package io.heapsight.junit;

import io.heapsight.analysis.diff.HeapDiff;
import io.heapsight.common.ByteSize;
import io.heapsight.heap.HeapSnapshot;
import io.heapsight.hprof.HprofReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What heapsight-junit brings into a user's test suite is Java 17 bytecode, class by class: a module whose
 * compiler release drifts back to 25 fails here, not first on a user's JDK 17 with UnsupportedClassVersionError.
 */
class EngineBytecodeTest {
    private static final int JAVA_17 = 61;
    private static final Map<String, Class<?>> MODULES = Map.of("heapsight-junit", LeakCheck.class,
            "heapsight-analysis", HeapDiff.class, "heapsight-heap", HeapSnapshot.class,
            "heapsight-hprof", HprofReader.class, "heapsight-common", ByteSize.class);

    @ParameterizedTest
    @ValueSource(strings = {"heapsight-junit", "heapsight-analysis", "heapsight-heap", "heapsight-hprof", "heapsight-common"})
    void everyClassOfTheModuleIsJava17Bytecode(String module) throws Exception {
        Map<String, Integer> majors = majorVersions(location(MODULES.get(module)));
        assertThat(majors).as("classes of %s", module).isNotEmpty();
        List<String> newer = majors.entrySet().stream().filter(e -> e.getValue() > JAVA_17 && !isJava22Prototype(e.getKey()))
                .map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
        assertThat(newer).as("%d of %d classes of %s are newer than Java 17 (class file 61), e.g. %s: its compiler"
                + " release drifted from 17", newer.size(), majors.size(), module, newer.stream().limit(3).toList()).isEmpty();
    }

    /**
     * heapsight-heap's io.heapsight.heap.large (columns past 2^31 on the FFM API, Java 22+) is compiled apart to 25:
     * nothing of the Java 17 engine reaches it (checked below), so a JDK 17 never loads it.
     */
    private static boolean isJava22Prototype(String classFile) {
        return classFile.replace('\\', '/').startsWith("io/heapsight/heap/large/");
    }

    @org.junit.jupiter.api.Test
    void noJava17ClassOfTheEngineReferencesTheJava22Prototype() throws Exception {
        for (Class<?> anchor : List.of(HeapSnapshot.class, HeapDiff.class, LeakCheck.class)) {
            Path root = location(anchor);
            if (!Files.isDirectory(root)) continue;
            List<Path> classes = new ArrayList<>();
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(p -> p.toString().endsWith(".class") && !isJava22Prototype(root.relativize(p).toString())).forEach(classes::add);
            }
            for (Path p : classes) {
                // a class's constant pool names every class it uses, as UTF-8 "io/heapsight/heap/large/..."
                String bytes = new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(bytes).as("%s must not use io.heapsight.heap.large (Java 22+)", root.relativize(p)).doesNotContain("io/heapsight/heap/large/");
            }
        }
    }

    static Path location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Class file major version by class name, for a classes folder or a jar (its multi-release variants left out). */
    private static Map<String, Integer> majorVersions(Path location) throws IOException {
        Map<String, Integer> majors = new java.util.TreeMap<>();
        if (Files.isDirectory(location)) {
            List<Path> classes = new ArrayList<>();
            try (Stream<Path> s = Files.walk(location)) {
                s.filter(p -> p.toString().endsWith(".class")).forEach(classes::add);
            }
            for (Path p : classes) {
                try (InputStream in = Files.newInputStream(p)) {
                    majors.put(location.relativize(p).toString(), major(in));
                }
            }
        } else {
            try (ZipFile jar = new ZipFile(location.toFile())) {
                for (ZipEntry e : jar.stream().filter(e -> e.getName().endsWith(".class")
                        && !e.getName().startsWith("META-INF/versions/")).toList()) {
                    try (InputStream in = jar.getInputStream(e)) {
                        majors.put(e.getName(), major(in));
                    }
                }
            }
        }
        return majors;
    }

    private static int major(InputStream in) throws IOException {
        byte[] head = in.readNBytes(8);
        if (head.length < 8 || (head[0] & 0xff) != 0xCA || (head[1] & 0xff) != 0xFE) throw new IOException("not a class file");
        return ((head[6] & 0xff) << 8) | (head[7] & 0xff);
    }
}

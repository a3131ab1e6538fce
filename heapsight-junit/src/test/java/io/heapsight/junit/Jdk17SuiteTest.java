package io.heapsight.junit;

import io.heapsight.analysis.diff.HeapDiff;
import io.heapsight.common.ByteSize;
import io.heapsight.heap.HeapSnapshot;
import io.heapsight.hprof.HprofReader;
import io.heapsight.testkit.JdkLocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A user's JUnit 5 suite on JDK 17: compiled by JDK 17's javac against heapsight-junit and what it brings at run
 * time (nothing else of heapsight), run by the JUnit Platform launcher in a JDK 17 JVM. The leaking test fails with
 * the growing field named, the others pass.
 */
class Jdk17SuiteTest {
    private static final Path SUITE = Path.of("src/test/resources/jdk17-suite").toAbsolutePath();
    private static final Pattern GROWS = Pattern.compile(
            "grows: demo\\.SessionRegistry\\.SESSIONS\\s+\\+([\\d.]+) (KB|MB), \\+([\\d,]+) × byte\\[\\]");
    private static final Pattern RESULT = Pattern.compile("==> (\\S+) (SUCCESSFUL|FAILED|ABORTED)");

    @Test
    void aLeakingTestFailsNamingTheFieldAndTheOthersPassOnJdk17(@TempDir Path work) throws Exception {
        Path jdk17 = JdkLocator.find(17).orElse(null);
        assumeTrue(jdk17 != null, "no JDK 17 installed here");
        String classPath = runtimeClassPath();
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> javac = new ArrayList<>(List.of(jdk17.resolve("bin/javac").toString(), "--release", "17",
                "-encoding", "UTF-8", "-d", classes.toString(), "-cp", classPath));
        try (Stream<Path> s = Files.walk(SUITE)) {
            s.filter(p -> p.toString().endsWith(".java")).map(Path::toString).forEach(javac::add);
        }
        assertThat(run(javac, work).exitCode).as("javac of the suite on JDK 17").isZero();

        Run suite = run(List.of(jdk17.resolve("bin/java").toString(), "-Xmx512m", "-Djava.io.tmpdir=" + work,
                "-cp", classes + File.pathSeparator + classPath, "RunSuite"), work);
        System.out.println(suite.output);    // in target/surefire-reports, for whoever reads a failure
        assertThat(suite.exitCode).as("launcher output:%n%s", suite.output).isZero();
        assertThat(suite.output).startsWith("java.version 17");
        Map<String, String> results = new LinkedHashMap<>();
        Map<String, String> messages = new LinkedHashMap<>();
        String current = null;
        StringBuilder message = new StringBuilder();
        for (String line : suite.output.split("\n")) {
            Matcher m = RESULT.matcher(line);
            if (m.matches()) {
                current = m.group(1);
                results.put(current, m.group(2));
                message.setLength(0);
            } else if (line.equals("<==") && current != null) {
                messages.put(current, message.toString());
                current = null;
            } else if (current != null) {
                message.append(line).append('\n');
            }
        }
        assertThat(results).as(suite.output).containsEntry("loginLeaks()", "FAILED")
                .containsEntry("loginAndForgetKeepsNothing()", "SUCCESSFUL")
                .containsEntry("annotatedTestKeepsNothing()", "SUCCESSFUL");
        String leak = messages.get("loginLeaks()");
        assertThat(leak).startsWith("org.opentest4j.AssertionFailedError: live set grew by");
        Matcher grows = GROWS.matcher(leak);
        assertThat(grows.find()).as(leak).isTrue();
        // between the two evidence dumps the test logged in 2,000 more times: one 1 KB session each
        assertThat(grows.group(3)).isEqualTo("2,000");
        double mb = Double.parseDouble(grows.group(1)) / (grows.group(2).equals("KB") ? 1024 : 1);
        // at least the arrays themselves: 2,000 x (1,024 + 16 bytes of header) = 1.98 MB; map entries add a little
        assertThat(mb).isBetween(1.9, 2.6);
        try (Stream<Path> s = Files.list(work)) {
            assertThat(s.map(p -> p.getFileName().toString())).as("evidence dumps are deleted once compared")
                    .noneMatch(n -> n.startsWith("heapsight-leakcheck"));
        }
    }

    /** heapsight-junit and what it needs at run time, as a user's build would put them on the test class path. */
    private static String runtimeClassPath() throws Exception {
        List<Class<?>> anchors = List.of(LeakCheck.class, HeapDiff.class, HeapSnapshot.class, HprofReader.class, ByteSize.class,
                org.junit.jupiter.api.Test.class, org.junit.jupiter.engine.JupiterTestEngine.class,
                org.junit.platform.engine.TestEngine.class, org.junit.platform.commons.util.ReflectionUtils.class,
                org.junit.platform.launcher.core.LauncherFactory.class, org.opentest4j.AssertionFailedError.class,
                org.apiguardian.api.API.class);
        List<String> entries = new ArrayList<>();
        for (Class<?> c : anchors) {
            String entry = EngineBytecodeTest.location(c).toString();
            if (!entries.contains(entry)) entries.add(entry);
        }
        return String.join(File.pathSeparator, entries);
    }

    private record Run(int exitCode, String output) {}

    private static Run run(List<String> command, Path dir) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "out", ".txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command + "\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        return new Run(p.exitValue(), out);
    }
}

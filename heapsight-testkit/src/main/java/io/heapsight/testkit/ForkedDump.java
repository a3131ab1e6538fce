package io.heapsight.testkit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a scenario (a class with {@code main(String[])} that builds a known object graph and calls
 * {@link ScenarioSupport#dumpNow}) in a fresh JVM and returns its heap dump with the JVM's own histogram and the
 * scenario's facts.
 *
 * <pre>{@code
 * DumpedHeap heap = ForkedDump.of(MyScenario.class).jdk(17).jvmArgs("-XX:-UseCompressedOops").run(tempDir);
 * }</pre>
 *
 * The child gets the parent's class path, so scenarios may live in test sources. With {@code jdk(17)} the
 * scenario's classes must be compiled for Java 17 (the testkit is).
 */
public final class ForkedDump {
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final int TAIL_BYTES = 4000;

    private final Class<?> scenario;
    private Integer jdkFeature;
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private int gzipLevel;
    private boolean live = true;
    private Duration timeout = Duration.ofSeconds(120);

    private ForkedDump(Class<?> scenario) {
        this.scenario = scenario;
    }

    public static ForkedDump of(Class<?> scenarioMainClass) {
        Objects.requireNonNull(scenarioMainClass, "scenarioMainClass");
        try {
            scenarioMainClass.getMethod("main", String[].class);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(scenarioMainClass.getName() + " has no public static main(String[])");
        }
        return new ForkedDump(scenarioMainClass);
    }

    /** Runs the child on an installed JDK of this feature version (17, 25, ...); default: the running JDK. */
    public ForkedDump jdk(int featureVersion) {
        this.jdkFeature = featureVersion;
        return this;
    }

    public ForkedDump jvmArgs(String... args) {
        this.jvmArgs.addAll(Arrays.asList(args));
        return this;
    }

    public ForkedDump args(String... args) {
        this.args.addAll(Arrays.asList(args));
        return this;
    }

    /** Dumps through {@code jcmd <pid> GC.heap_dump -gz=level} (1..9): a file of concatenated gzip members. */
    public ForkedDump gzip(int level) {
        if (level < 1 || level > 9) throw new IllegalArgumentException("gzip level must be 1..9, got " + level);
        this.gzipLevel = level;
        return this;
    }

    /** true (default): only live objects, after a full GC; false: unreachable objects too. */
    public ForkedDump live(boolean live) {
        this.live = live;
        return this;
    }

    public ForkedDump timeout(Duration d) {
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("timeout must be positive");
        this.timeout = d;
        return this;
    }

    /**
     * Starts the child, waits for it to dump and exit, and returns the dump (a fresh unique file under dir, with
     * .facts.properties, .histogram.txt and .log sidecars).
     *
     * @throws ForkedDumpException when the JDK is missing, or the child fails, times out or writes no dump
     */
    public DumpedHeap run(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path javaHome = javaHome();
        Path dump = uniqueDumpFile(dir);
        Path log = DumpProtocol.logFile(dump);

        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin/java").toString());
        if (gzipLevel > 0) cmd.add("-XX:+StartAttachListener"); // the child's own jcmd must not race a young JVM
        cmd.addAll(jvmArgs);
        cmd.add("-D" + DumpProtocol.DUMP_FILE + "=" + dump.toAbsolutePath());
        cmd.add("-D" + DumpProtocol.LIVE + "=" + live);
        cmd.add("-D" + DumpProtocol.GZIP_LEVEL + "=" + gzipLevel);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(scenario.getName());
        cmd.addAll(args);

        Process child = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                .start();
        boolean exited;
        try {
            exited = child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            kill(child);
            Thread.currentThread().interrupt();
            throw new ForkedDumpException(describe() + " interrupted", tail(log));
        }
        if (!exited) {
            kill(child);
            throw new ForkedDumpException(describe() + " timed out after " + timeout.toSeconds() + " s", tail(log));
        }
        int rc = child.exitValue();
        if (rc != 0) {
            throw new ForkedDumpException(describe() + " exited with code " + rc, tail(log));
        }
        if (!Files.isRegularFile(DumpProtocol.factsFile(dump)) || !Files.isRegularFile(dump)) {
            throw new ForkedDumpException(describe() + " exited without a dump: does its main call "
                    + "ScenarioSupport.dumpNow(facts)?", tail(log));
        }
        return DumpedHeap.load(dump);
    }

    private Path javaHome() throws ForkedDumpException {
        if (jdkFeature == null) return JdkLocator.runningJdk();
        return JdkLocator.find(jdkFeature).orElseThrow(() -> new ForkedDumpException("no JDK " + jdkFeature
                + " found (looked at the running JDK, $HEAPSIGHT_JDK" + jdkFeature + "_HOME and /usr/lib/jvm)", ""));
    }

    private Path uniqueDumpFile(Path dir) {
        String ext = gzipLevel > 0 ? ".hprof.gz" : ".hprof";
        while (true) {
            String base = scenario.getSimpleName() + "-" + ProcessHandle.current().pid() + "-"
                    + System.currentTimeMillis() + "-" + SEQUENCE.incrementAndGet();
            Path candidate = dir.resolve(base + ext);
            if (!Files.exists(candidate) && !Files.exists(DumpProtocol.logFile(candidate))) return candidate;
        }
    }

    private String describe() {
        return "scenario " + scenario.getName() + (jdkFeature == null ? "" : " on JDK " + jdkFeature);
    }

    private static void kill(Process child) {
        child.descendants().forEach(ProcessHandle::destroyForcibly); // e.g. its jcmd
        child.destroyForcibly();
        try {
            child.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** The last few KB of the child's combined output. */
    static String tail(Path log) {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long len = f.length();
            long from = Math.max(0, len - TAIL_BYTES);
            byte[] buf = new byte[(int) (len - from)];
            f.seek(from);
            f.readFully(buf);
            return new String(buf, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }
}

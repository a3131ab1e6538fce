package io.heapsight.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Child JVM entry: {@code ToolRunner <tool> <dump> <top>} runs one tool's full job once and prints one result line
 * {@code BENCH-RESULT ok <jobMillis> <vmHwmKb> <cpuMillis> <summary>} (or {@code BENCH-RESULT failed ...}) for the parent.
 * VmHWM is read from /proc/self/status after the job, i.e. just before this JVM exits.
 */
public final class ToolRunner {
    static final String RESULT_PREFIX = "BENCH-RESULT ";

    private ToolRunner() {}

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: ToolRunner <heapsight|haha|shark> <dump.hprof> <top>");
            System.exit(2);
        }
        Tool tool = Tool.byName(args[0]);
        Path dump = Paths.get(args[1]);
        int top = Integer.parseInt(args[2]);
        int rc = 0;
        Path work = null;
        long start = System.nanoTime();
        Phases.start();
        String line;
        try {
            work = Files.createTempDirectory("heapsight-bench-" + tool.name().toLowerCase() + "-");
            String summary = tool.newJob().run(dump, top, work);
            long millis = (System.nanoTime() - start) / 1_000_000;
            line = "ok " + millis + " " + PeakRss.ofSelfKb() + " " + PeakRss.cpuMillisOfSelf() + " " + oneLine(summary);
        } catch (Throwable t) { // OOM included: report it as this tool's failure
            long millis = (System.nanoTime() - start) / 1_000_000;
            line = "failed " + millis + " " + PeakRss.ofSelfKb() + " " + PeakRss.cpuMillisOfSelf() + " "
                    + oneLine(t.toString());
            t.printStackTrace();
            rc = 1;
        } finally {
            deleteQuietly(work);
        }
        System.out.println(RESULT_PREFIX + line);
        System.out.flush();
        System.exit(rc); // some libraries leave non-daemon threads behind
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) return;
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp dir is harmless
        }
    }
}

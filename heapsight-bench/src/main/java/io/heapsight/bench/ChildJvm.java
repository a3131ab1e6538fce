package io.heapsight.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one tool once in its own JVM (same JDK and class path as the benchmark, the given -Xmx), polling the
 * child's VmHWM while it runs so a killed child still has a peak RSS, and reads the child's result line.
 */
final class ChildJvm {
    private final String xmx;
    private final List<String> extraJvmArgs;
    private final Duration timeout;
    private final Path logDir;

    ChildJvm(String xmx, List<String> extraJvmArgs, Duration timeout, Path logDir) {
        this.xmx = xmx;
        this.extraJvmArgs = extraJvmArgs;
        this.timeout = timeout;
        this.logDir = logDir;
    }

    RunResult run(Tool tool, int run, Path dump, int top) throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        Path log = logDir.resolve(tool.name().toLowerCase() + "-run" + run + ".log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + xmx);
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(extraJvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ToolRunner.class.getName());
        cmd.add(tool.name().toLowerCase());
        cmd.add(dump.toAbsolutePath().toString());
        cmd.add(Integer.toString(top));

        List<Path> cleared = clearToolCaches(dump);
        if (!cleared.isEmpty()) {
            io.heapsight.hprof.SafeFiles.saveText(log, "removed index/cache files of an earlier run: " + cleared + System.lineSeparator(),
                    io.heapsight.hprof.SafeFiles.Options.fresh().replacing());
        }
        double load = PeakRss.loadAverage();
        long start = System.nanoTime();
        // a private cache folder per run: a tool that keeps derived files in a cache (heapsight does when the dump's
        // folder is not writable) must not find the previous run's there
        Path cache = Files.createTempDirectory("heapsight-bench-cache-");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("HEAPSIGHT_CACHE", cache.toString());
        Process p = pb.start();
        try {
            return await(p, tool, run, log, load, start);
        } finally {
            deleteTree(cache);
        }
    }

    private RunResult await(Process p, Tool tool, int run, Path log, double load, long start)
            throws IOException, InterruptedException {
        long polledPeak = -1;
        long polledAnon = -1;
        long deadline = start + timeout.toNanos();
        while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
            polledPeak = Math.max(polledPeak, PeakRss.ofPidKb(p.pid()));
            polledAnon = Math.max(polledAnon, PeakRss.anonOfPidKb(p.pid()));
            if (System.nanoTime() > deadline) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
                long wall = (System.nanoTime() - start) / 1_000_000;
                return new RunResult(tool, run, RunResult.Status.TIMED_OUT, wall, -1, polledPeak, polledAnon, -1, load,
                        "timed out after " + timeout.toSeconds() + " s (killed)" + phases(log));
            }
        }
        long wall = (System.nanoTime() - start) / 1_000_000;
        String result = resultLine(log);
        if (result == null) {
            return new RunResult(tool, run, RunResult.Status.FAILED, wall, -1, polledPeak, polledAnon, -1, load,
                    "child exited with code " + p.exitValue() + " and no result; see " + log);
        }
        String[] f = result.split(" ", 5);
        long job = Long.parseLong(f[1]);
        long peak = Math.max(polledPeak, Long.parseLong(f[2]));
        long cpu = Long.parseLong(f[3]);
        String detail = f.length > 4 ? f[4] : "";
        RunResult.Status status = f[0].equals("ok") ? RunResult.Status.OK : RunResult.Status.FAILED;
        return new RunResult(tool, run, status, wall, job, peak, polledAnon, cpu, load, detail);
    }

    /**
     * Every run starts cold: files a tool left beside the dump to reopen it faster ("realistic-5m.hprof.&lt;x&gt;",
     * e.g. heapsight's index) are deleted first. ForkedDump's sidecars ("realistic-5m.facts.properties") stay.
     */
    static List<Path> clearToolCaches(Path dump) throws IOException {
        Path dir = dump.toAbsolutePath().getParent();
        String prefix = dump.getFileName() + ".";
        List<Path> removed = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
                if (Files.isDirectory(f)) {
                    try (var tree = Files.walk(f)) {
                        for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
                    }
                } else {
                    Files.delete(f);
                }
                removed.add(f.getFileName());
            }
        }
        return removed;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var tree = Files.walk(dir)) {
            for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** "; finished: index at 12.3 s, histogram at 15.0 s" from the child's phase lines. */
    private static String phases(Path log) throws IOException {
        List<String> done = new ArrayList<>();
        for (String line : Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            if (!line.startsWith(Phases.PREFIX)) continue;
            String[] f = line.substring(Phases.PREFIX.length()).split(" ");
            done.add(String.format(java.util.Locale.ROOT, "%s at %.1f s", f[0], Long.parseLong(f[1]) / 1000.0));
        }
        return done.isEmpty() ? "; no phase finished" : "; finished: " + String.join(", ", done);
    }

    private static String resultLine(Path log) throws IOException {
        String found = null;
        for (String line : Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            if (line.startsWith(ToolRunner.RESULT_PREFIX)) found = line.substring(ToolRunner.RESULT_PREFIX.length());
        }
        return found;
    }
}

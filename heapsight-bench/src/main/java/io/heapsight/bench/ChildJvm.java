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
    private final Path profileDir;
    private final Path matHome;
    /** The start-up cache heapsight children run from (as ./heapsight runs the CLI), or null. */
    private Path startupCache;
    /**
     * The children's class path: the benchmark's own. Only jars can be in a start-up cache's (a folder of classes
     * makes the JVM refuse to record one): scripts/bench runs the bench from its jar for that.
     */
    String classPath = System.getProperty("java.class.path");

    /**
     * @param profileDir where heapsight runs leave a flight recording and its per-phase summary; null: no profiling
     * @param matHome    an unpacked Eclipse Memory Analyzer for the MAT tool; null when MAT_HOME is not set
     */
    ChildJvm(String xmx, List<String> extraJvmArgs, Duration timeout, Path logDir, Path profileDir, Path matHome) {
        this.xmx = xmx;
        this.extraJvmArgs = extraJvmArgs;
        this.timeout = timeout;
        this.logDir = logDir;
        this.profileDir = profileDir;
        this.matHome = matHome;
    }

    RunResult run(Tool tool, int run, Path dump, int top) throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        Path log = logDir.resolve(tool.name().toLowerCase() + "-run" + run + ".log");
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<Path> cleared = clearToolCaches(dump);
        if (!cleared.isEmpty()) {
            io.heapsight.hprof.SafeFiles.saveText(log, "removed index/cache files of an earlier run: " + cleared + System.lineSeparator(),
                    io.heapsight.hprof.SafeFiles.Options.fresh().replacing());
        }
        // a private scratch folder per run: a tool that keeps derived files in a cache (heapsight does when the dump's
        // folder is not writable) must not find the previous run's there; MAT's index files land here too
        Path scratch = Files.createTempDirectory("heapsight-bench-" + tool.name().toLowerCase() + "-");
        try {
            List<String> cmd;
            Path matDump = null;
            Path jfr = null;
            if (tool == Tool.MAT) {
                matDump = Files.createSymbolicLink(scratch.resolve("dump.hprof"), dump.toAbsolutePath());
                cmd = MatJob.command(java, xmx, extraJvmArgs, MatJob.launcher(matHome), matDump, scratch.resolve("workspace"));
            } else {
                if (profileDir != null && tool == Tool.HEAPSIGHT) jfr = profileDir.resolve("heapsight-run" + run + ".jfr");
                cmd = toolRunnerCommand(java, tool, dump, top, jfr);
            }
            double load = PeakRss.loadAverage();
            long start = System.nanoTime();
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().put("HEAPSIGHT_CACHE", scratch.resolve("cache").toString());
            Process p = pb.start();
            RunResult r = await(p, tool, run, log, load, start, matDump);
            if (jfr != null && Files.isRegularFile(jfr)) r = withProfile(r, jfr);
            return r;
        } finally {
            deleteTree(scratch);
        }
    }

    /**
     * The collector settings the {@code heapsight} launcher passes (docs/DECISIONS.md): without them G1 keeps its
     * headroom and the peak RSS measured is not what users see. ChildJvmTest checks the launcher still says so.
     */
    static final List<String> HEAPSIGHT_LAUNCHER_FLAGS = List.of("-XX:+UseG1GC", "-XX:MinHeapFreeRatio=1", "-XX:MaxHeapFreeRatio=10",
            "-XX:G1HeapRegionSize=4m");

    /**
     * Records the start-up cache for the heapsight children as the launcher records its own: the CLI's training
     * workload ({@code train-startup-cache}) on this class path with the children's flags, classes only (no method
     * profiles; docs/DECISIONS.md). Later heapsight children run from it. Returns false, with the reason in the log,
     * when the JVM could not record one; the runs then go without.
     */
    boolean recordStartupCache(Path java, Path cache, Path log) throws IOException, InterruptedException {
        Files.createDirectories(cache.getParent());
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.add("-Xmx" + xmx);
        cmd.addAll(HEAPSIGHT_LAUNCHER_FLAGS);
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(extraJvmArgs);
        cmd.addAll(STARTUP_CACHE_RECORDING_FLAGS);
        cmd.add("-XX:AOTCacheOutput=" + cache.toAbsolutePath());
        cmd.addAll(List.of("-cp", classPath, "io.heapsight.cli.HeapsightCli", "train-startup-cache"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            return false;
        }
        if (p.exitValue() != 0 || !Files.isRegularFile(cache)) return false;
        startupCache = cache;
        return true;
    }

    /** How the launcher records its start-up cache: classes only, no method profiles. ChildJvmTest checks it still does. */
    static final List<String> STARTUP_CACHE_RECORDING_FLAGS = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTRecordTraining");

    /** The ToolRunner child: same JDK and class path as the benchmark; with a flight recording when profiling. */
    List<String> toolRunnerCommand(Path java, Tool tool, Path dump, int top, Path jfr) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.add("-Xmx" + xmx);
        if (tool == Tool.HEAPSIGHT) cmd.addAll(HEAPSIGHT_LAUNCHER_FLAGS); // what users get from ./heapsight
        if (tool == Tool.HEAPSIGHT && startupCache != null) {
            cmd.add("-XX:AOTCache=" + startupCache.toAbsolutePath());
            cmd.add("-Xlog:aot=off");
        }
        cmd.add("--enable-native-access=ALL-UNNAMED");
        if (jfr != null) {
            Files.createDirectories(jfr.getParent());
            cmd.add("-XX:StartFlightRecording=filename=" + jfr.toAbsolutePath() + ",settings=profile,dumponexit=true");
            cmd.add("-Dheapsight.timings=true"); // phase times in the child log too
        }
        cmd.addAll(extraJvmArgs);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(ToolRunner.class.getName());
        cmd.add(tool.name().toLowerCase());
        cmd.add(dump.toAbsolutePath().toString());
        cmd.add(Integer.toString(top));
        return cmd;
    }

    /** Writes the recording's per-phase summary beside it and names both in the run's detail. */
    private static RunResult withProfile(RunResult r, Path jfr) {
        String name = jfr.getFileName().toString();
        Path summary = jfr.resolveSibling(name.substring(0, name.length() - 4) + "-profile.md");
        String note;
        try {
            io.heapsight.hprof.SafeFiles.saveText(summary, ProfileSummary.summarize(jfr, 15),
                    io.heapsight.hprof.SafeFiles.Options.fresh().replacing());
            note = "; profile " + summary;
        } catch (IOException | RuntimeException e) {
            note = "; profile " + jfr + " (no summary: " + e.getMessage() + ")";
        }
        return new RunResult(r.tool(), r.run(), r.status(), r.wallMillis(), r.jobMillis(), r.peakRssKb(),
                r.peakAnonKb(), r.cpuMillis(), r.loadBefore(), r.detail() + note);
    }

    private RunResult await(Process p, Tool tool, int run, Path log, double load, long start, Path matDump)
            throws IOException, InterruptedException {
        long polledPeak = -1;
        long polledAnon = -1;
        long polledCpu = -1;
        long deadline = start + timeout.toNanos();
        while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
            polledPeak = Math.max(polledPeak, PeakRss.ofPidKb(p.pid()));
            polledAnon = Math.max(polledAnon, PeakRss.anonOfPidKb(p.pid()));
            polledCpu = Math.max(polledCpu, p.info().totalCpuDuration().map(Duration::toMillis).orElse(-1L));
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
        if (matDump != null) return matResult(p.exitValue(), run, wall, polledPeak, polledAnon, polledCpu, load, matDump, log);
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
     * MAT succeeded when it wrote the suspects report (its launcher's exit code alone does not tell: a failed
     * parse may still exit 0). Its CPU time is the last polled one (the process is not ours to ask at exit).
     */
    private static RunResult matResult(int exit, int run, long wall, long peak, long anon, long cpu, double load,
                                       Path matDump, Path log) throws IOException {
        Path report = MatJob.suspectsReport(matDump);
        if (exit != 0 || !Files.isRegularFile(report)) {
            return new RunResult(Tool.MAT, run, RunResult.Status.FAILED, wall, wall, peak, anon, cpu, load,
                    "exit code " + exit + ", " + (Files.isRegularFile(report) ? "" : "no suspects report; ") + "see " + log);
        }
        long dumpBytes = Files.size(matDump);
        long index = MatJob.indexBytes(matDump);
        return new RunResult(Tool.MAT, run, RunResult.Status.OK, wall, wall, peak, anon, cpu, load,
                String.format(java.util.Locale.ROOT, "suspects report %,d bytes; index files %,d bytes (%.2fx the dump)",
                        Files.size(report), index, dumpBytes == 0 ? 0.0 : (double) index / dumpBytes));
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

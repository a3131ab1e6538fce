package io.heapsight.bench;

import io.heapsight.testkit.scenarios.RealisticHeap;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The benchmark's command line: {@code --objects 5m --runs 3 --tools heapsight,haha,shark --xmx 6g --timeout 300}. */
record BenchOptions(long objects, String objectsLabel, Shape shape, int runs, List<Tool> tools, String xmx,
                    Duration timeout, Path dumpDir, Path dump, int top, List<String> extraJvmArgs, boolean generateOnly,
                    boolean profile, boolean startupCache) {

    static final String USAGE = """
            usage: scripts/bench [--shape realistic|strings|deepchain|classes] [--objects 5m|30m|N] [--runs 3]
                                 [--tools heapsight,haha,shark] [--xmx 6g] [--timeout 300] [--top 20]
                                 [--dump FILE] [--dump-dir DIR] [--jvm-arg ARG]... [--generate-only] [--profile]
                                 [--no-startup-cache]
              --shape     which heap to generate (default realistic): realistic (the benchmark's service heap),
                          strings (millions of small Strings and byte[]), deepchain (a 1M-deep chain and a
                          2M-slot Object[] at 30m), classes (tens of thousands of generated classes)
              --objects   size of the generated dump (default 5m), named <shape>-<size>.hprof under --dump-dir;
                          reused when already generated
              --runs      runs per tool; the median is reported (default 3)
              --tools     which analyzers to run, each in its own child JVM (default heapsight,haha,shark,mat;
                          mat is Eclipse MAT's headless parser from $MAT_HOME, skipped when MAT_HOME is unset)
              --xmx       max heap of every tool's child JVM (default 6g)
              --timeout   seconds before a tool's run is killed and reported as timed out (default 300)
              --top       how many top retained objects HAHA reports (default 20; heapsight uses its CLI
                          default, also 20)
              --dump      benchmark an existing dump (.hprof, or .hprof.gz for the tools that read it) instead of
                          generating one; its object count comes from ForkedDump sidecar files or heapsight's report
              --dump-dir  where generated dumps live (default heapsight-bench/target/dumps)
              --jvm-arg   extra option for every tool's child JVM (repeatable)
              --generate-only  generate (or find) the dump, print its path and stop
              --profile   record each heapsight run with JFR (settings=profile) and write a per-phase summary of
                          the hottest methods beside the recording in the results folder (profiles/)
              --no-startup-cache  run heapsight without the start-up cache the launcher records and uses (JDK 25's
                          AOT cache; by default the bench records one for its heapsight children first, as
                          ./heapsight does on first use)""";

    /** @throws IllegalArgumentException with a one-line reason on bad input */
    static BenchOptions parse(String... args) {
        long objects = 5_000_000;
        String label = "5m";
        int runs = 3;
        List<Tool> tools = List.of(Tool.values());
        String xmx = "6g";
        Duration timeout = Duration.ofSeconds(300);
        Path dumpDir = Paths.get("heapsight-bench", "target", "dumps");
        Path dump = null;
        int top = 20;
        List<String> jvmArgs = new ArrayList<>();
        Shape shape = Shape.REALISTIC;
        boolean generateOnly = false;
        boolean profile = false;
        boolean startupCache = true;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) throw new HelpRequested();
            if (a.equals("--generate-only") || a.equals("--profile") || a.equals("--no-startup-cache")) {
                if (a.equals("--profile")) profile = true;
                else if (a.equals("--no-startup-cache")) startupCache = false;
                else generateOnly = true;
                continue;
            }
            if (i + 1 >= args.length) throw new IllegalArgumentException("option " + a + " needs a value");
            String v = args[++i];
            switch (a) {
                case "--objects" -> {
                    objects = RealisticHeap.parseCount(v);
                    label = v.trim().toLowerCase(Locale.ROOT);
                }
                case "--shape" -> shape = Shape.byName(v);
                case "--runs" -> runs = positive(a, v);
                case "--tools" -> tools = Tool.parseList(v);
                case "--xmx" -> {
                    if (!v.matches("\\d+[kmgKMG]?")) throw new IllegalArgumentException("--xmx: not a heap size: " + v);
                    xmx = v;
                }
                case "--timeout" -> timeout = Duration.ofSeconds(positive(a, v));
                case "--top" -> top = positive(a, v);
                case "--dump" -> dump = Paths.get(v);
                case "--dump-dir" -> dumpDir = Paths.get(v);
                case "--jvm-arg" -> jvmArgs.add(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (generateOnly && dump != null) throw new IllegalArgumentException("--generate-only generates a dump: drop --dump");
        return new BenchOptions(objects, label, shape, runs, tools, xmx, timeout, dumpDir, dump, top,
                List.copyOf(jvmArgs), generateOnly, profile, startupCache);
    }

    private static int positive(String option, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n > 0) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a positive integer, got '" + v + "'");
    }

    /** --help: print usage, exit 0. */
    static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super("help", null, false, false);
        }
    }
}

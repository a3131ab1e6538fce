package io.heapsight.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Benchmark entry (scripts/bench): generates or reuses a RealisticHeap dump, then runs every tool's full job N
 * times, round-robin (tool A, B, C, A, B, C, ...) so machine noise spreads over all tools, each run in a fresh
 * child JVM, and prints medians, throughput, peak RSS and heapsight-vs-tool ratios of this one run.
 * A tool that fails or times out is a row saying so; the others go on. A tool that timed out is not repeated.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) {
        BenchOptions o;
        try {
            o = BenchOptions.parse(args);
        } catch (BenchOptions.HelpRequested h) {
            System.out.println(BenchOptions.USAGE);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            System.exit(run(o));
        } catch (IOException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            System.err.println("bench: interrupted");
            System.exit(130);
        }
    }

    static int run(BenchOptions o) throws IOException, InterruptedException {
        List<Tool> tools = new ArrayList<>(o.tools());
        Path matHome = o.generateOnly() ? null : MatJob.resolve(tools, System.getenv(), System.err::println);
        if (tools.isEmpty() && !o.generateOnly()) {
            System.err.println("bench: no tool left to run");
            return 2;
        }
        BenchDump dump = BenchDump.prepare(o);
        if (o.generateOnly()) {
            System.out.println(dump.file());
            return 0;
        }
        dump.warmPageCache();
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Path outDir = Path.of("heapsight-bench", "target", "bench-results", stamp);
        ChildJvm child = new ChildJvm(o.xmx(), o.extraJvmArgs(), o.timeout(), outDir.resolve("logs"),
                o.profile() ? outDir.resolve("profiles") : null, matHome);
        String startup = "";
        if (tools.contains(Tool.HEAPSIGHT)) {
            if (!o.startupCache()) {
                startup = "; heapsight without its start-up cache";
            } else {
                Path log = outDir.resolve("logs").resolve("startup-cache.log");
                Files.createDirectories(log.getParent());
                Path java = Path.of(System.getProperty("java.home"), "bin", "java");
                if (child.recordStartupCache(java, outDir.resolve("startup.aot"), log)) {
                    startup = "; heapsight from its start-up cache, as ./heapsight runs it";
                } else {
                    startup = "; heapsight without a start-up cache (recording it failed: " + log + ")";
                    System.err.println("bench: could not record heapsight's start-up cache (see " + log + "); running without");
                }
            }
        }

        String header = header(o, tools, dump, startup);
        System.out.println(header);
        List<RunResult> results = new ArrayList<>();
        Set<Tool> timedOut = EnumSet.noneOf(Tool.class);
        for (int run = 1; run <= o.runs(); run++) {
            for (Tool tool : tools) {
                if (timedOut.contains(tool)) continue;
                RunResult r = child.run(tool, run, dump.file(), o.top());
                results.add(r);
                if (r.status() == RunResult.Status.TIMED_OUT) timedOut.add(tool);
                System.out.printf(Locale.ROOT,
                        "  %-11s run %d: %-9s wall %s, CPU %s, peak RSS %s (anon %s), load before %.2f  %s%n",
                        tool.label, run, r.status().name().toLowerCase(Locale.ROOT), ResultTable.seconds(r.wallMillis()),
                        ResultTable.seconds(r.cpuMillis()), gb(r.peakRssKb()), gb(r.peakAnonKb()), r.loadBefore(),
                        r.detail());
            }
        }
        if (dump.objects() < 0) dump = dump.withObjects(HeapsightJob.objectsOf(results)); // heapsight counted them
        String table = ResultTable.render(dump, tools, results);
        String report = header + "\n" + table + "\nAll runs:\n\n" + ResultTable.renderRuns(results);
        System.out.println();
        System.out.println(table);
        Files.createDirectories(outDir);
        io.heapsight.hprof.SafeFiles.saveText(outDir.resolve("results.md"), report, io.heapsight.hprof.SafeFiles.Options.fresh().replacing());
        System.out.println("results and child logs: " + outDir);
        return 0;
    }

    private static String header(BenchOptions o, List<Tool> tools, BenchDump dump, String startup) {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, """
                # heapsight benchmark %s
                dump: %s (%,d bytes, %s)
                machine: %d cores, %s, JDK %s (%s); children: -Xmx%s %s; runs: %d (median), timeout %d s, warm page cache%s%s
                tools: %s
                """,
                DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)),
                dump.file(), dump.bytes(), dump.objects() < 0 ? "object count from heapsight's report"
                        : String.format(Locale.ROOT, "%,d objects", dump.objects()),
                rt.availableProcessors(), memory(), System.getProperty("java.version"), System.getProperty("java.vm.name"),
                o.xmx(), String.join(" ", o.extraJvmArgs()), o.runs(), o.timeout().toSeconds(),
                o.profile() ? "; heapsight runs profiled with JFR (a few % slower)" : "", startup,
                tools.stream().map(t -> t.label + " (" + t.job + ")").toList());
    }

    private static String gb(long kb) {
        return kb <= 0 ? "-" : String.format(Locale.ROOT, "%.2f GB", kb / 1048576.0);
    }

    private static String memory() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean hs) {
            return String.format(Locale.ROOT, "%.0f GB RAM", hs.getTotalMemorySize() / 1e9);
        }
        return "RAM unknown";
    }
}

package io.heapsight.cli;

import io.heapsight.common.ByteSize;
import io.heapsight.common.ClassHistogram;
import io.heapsight.hprof.SafeFiles;
import io.heapsight.monitor.AttachException;
import io.heapsight.monitor.DumpException;
import io.heapsight.monitor.DumpResult;
import io.heapsight.monitor.HeapDumper;
import io.heapsight.monitor.JvmTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;

/** Captures evidence from a running JVM: a heap dump, or only a cheap class histogram. */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = {"Capture a heap dump of a running JVM (or only a class histogram with --histogram).",
                "Announces the expected size (~1.4x used heap, ~5x smaller with --gz) and pause first, checks free disk,",
                "writes to a hidden temporary name and renames it atomically; never overwrites a file.",
                "A live dump (the default) runs a full GC first so it holds reachable objects only."})
final class DumpCommand implements Callable<Integer> {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Parameters(index = "0", paramLabel = "PID", description = "Process id of the JVM (see `heapsight ps`).")
    long pid;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Where to write (default: ./heapsight-PID-TIMESTAMP.hprof, .hprof.gz or -histogram.txt).")
    Path out;

    @Option(names = "--gz", paramLabel = "N", defaultValue = "0",
            description = "gzip level 1-9 (jcmd GC.heap_dump -gz; ~5x smaller, ~2x slower). Default ${DEFAULT-VALUE}: plain .hprof.")
    int gzip;

    @Option(names = "--all", description = "Include unreachable objects (no full GC before the dump or histogram).")
    boolean all;

    @Option(names = "--histogram", description = "Only a class histogram (instances and bytes per class), no dump.")
    boolean histogram;

    @Override
    public Integer call() {
        if (gzip < 0 || gzip > 9) throw new CliException(ExitCodes.USAGE, "--gz must be 0..9 (0 = no compression), got " + gzip);
        if (histogram && gzip > 0) throw new CliException(ExitCodes.USAGE, "--gz applies to heap dumps, not to --histogram");
        try (JvmTarget target = JvmTarget.attach(pid)) {
            return histogram ? histogram(target) : dump(target);
        } catch (AttachException e) {
            throw new CliException(ExitCodes.ATTACH_FAILED, e.getMessage(), e);
        }
    }

    private int dump(JvmTarget target) {
        Path file = out != null ? out
                : HeapDumper.uniquePath(Path.of("").toAbsolutePath(), "heapsight-" + pid + "-" + LocalDateTime.now().format(STAMP),
                gzip > 0 ? ".hprof.gz" : ".hprof");
        try {
            HeapDumper.Plan plan = HeapDumper.plan(target, file, !all, gzip);
            System.err.println("heapsight dump: " + plan.announcement());
            DumpResult r = HeapDumper.execute(target, plan);
            System.err.printf("heapsight dump: wrote %s in %.1f s%n", ByteSize.formatOrUnknown(r.sizeBytes()), r.took().toMillis() / 1000.0);
            System.out.println(r.path());
            return ExitCodes.OK;
        } catch (DumpException e) {
            throw new CliException(switch (e.reason()) {
                case EXISTS, BAD_PATH -> ExitCodes.BAD_INPUT;
                case NO_SPACE -> ExitCodes.NO_RESOURCE;
                case FAILED -> ExitCodes.ATTACH_FAILED;
            }, e.getMessage(), e);
        }
    }

    private int histogram(JvmTarget target) {
        if (!all) System.err.println("heapsight dump: class histogram of live objects (runs a full GC in pid " + pid + ")");
        String text = target.diagnosticCommand("gcClassHistogram", all ? new String[]{"-all"} : new String[0]);
        ClassHistogram h;
        try {
            h = ClassHistogram.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.ATTACH_FAILED, "pid " + pid + " returned no class histogram");
        }
        if (out == null) {
            System.out.print(text.endsWith("\n") ? text : text + "\n");
            return ExitCodes.OK;
        }
        Path file = out.toAbsolutePath();
        try {
            SafeFiles.saveText(file, text, SafeFiles.Options.fresh());
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new CliException(ExitCodes.BAD_INPUT, "will not overwrite " + file + "; choose another --out");
        } catch (IOException e) {
            throw ReportOutput.writeFailed(file, e);
        }
        System.err.printf("heapsight dump: %d classes, %s in %d objects%n", h.rows().size(), ByteSize.formatOrUnknown(h.totalBytes()),
                h.totalInstances());
        System.out.println(file);
        return ExitCodes.OK;
    }
}

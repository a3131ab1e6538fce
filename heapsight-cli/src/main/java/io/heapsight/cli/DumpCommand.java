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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** Captures evidence from a running JVM: a heap dump, or only a cheap class histogram. */
@Command(name = "dump", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        header = "Capture a heap dump or a class histogram of a running JVM.",
        description = {"Capture a heap dump of a running JVM, or only a class histogram with --histogram.",
                "Announces the expected size (about 1.4 times the used heap, about 5 times smaller with --gz) and the "
                + "pause first, checks free disk, writes to a hidden temporary name and renames it atomically; it never "
                + "overwrites a file. A live dump (the default) runs a full GC first so that it holds reachable objects "
                + "only.",
                "Standard output carries the path written (or, with --format json, a JSON description of it)."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.L_OK, ExitCodes.L_INTERNAL, ExitCodes.L_USAGE, ExitCodes.L_BAD_INPUT,
                ExitCodes.L_ATTACH_FAILED, ExitCodes.L_NO_RESOURCE, ExitCodes.L_OUTPUT_FAILED})
final class DumpCommand implements Callable<Integer> {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Parameters(index = "0", paramLabel = "PID", description = "Process id of the JVM (see `heapsight ps`).")
    long pid;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "Where to write; never overwritten (default: a dump goes to "
                    + "./heapsight-PID-TIMESTAMP.hprof or .hprof.gz, a histogram to standard output).")
    Path out;

    @Mixin
    FormatOptions.TextOrJson output;

    @Mixin
    ProgressOptions progress;

    @Option(names = "--gz", paramLabel = "N", defaultValue = "0",
            description = "Gzip level 1-9 as jcmd GC.heap_dump -gz (about 5 times smaller, 2 times slower); "
                    + "0 (the default) writes plain .hprof.")
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
            progress.info("dump", plan.announcement());
            DumpResult r = HeapDumper.execute(target, plan);
            progress.info("dump", String.format(Locale.ROOT, "wrote %s in %.1f s", ByteSize.formatOrUnknown(r.sizeBytes()),
                    r.took().toMillis() / 1000.0));
            if (output.isJson()) {
                Map<String, Object> doc = document("heap-dump", r.path());
                doc.put("sizeBytes", r.sizeBytes());
                doc.put("seconds", r.took().toMillis() / 1000.0);
                doc.put("gzipLevel", gzip);
                System.out.println(CliJson.write(doc));
            } else {
                System.out.println(r.path());
            }
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
        if (!all) progress.info("dump", "class histogram of live objects (runs a full GC in pid " + pid + ")");
        String text = target.diagnosticCommand("gcClassHistogram", all ? new String[]{"-all"} : new String[0]);
        ClassHistogram h;
        try {
            h = ClassHistogram.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.ATTACH_FAILED, "pid " + pid + " returned no class histogram");
        }
        if (out == null) {
            if (output.isJson()) {
                System.out.println(CliJson.write(histogramDocument(h, null, true)));
            } else {
                System.out.print(text.endsWith("\n") ? text : text + "\n");
            }
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
        progress.info("dump", String.format(Locale.ROOT, "%d classes, %s in %d objects", h.rows().size(),
                ByteSize.formatOrUnknown(h.totalBytes()), h.totalInstances()));
        System.out.println(output.isJson() ? CliJson.write(histogramDocument(h, file, false)) : file);
        return ExitCodes.OK;
    }

    private Map<String, Object> document(String kind, Path path) {
        Map<String, Object> doc = CliJson.document("dump");
        doc.put("kind", kind);
        doc.put("pid", pid);
        doc.put("live", !all);
        doc.put("path", path == null ? null : path.toAbsolutePath().toString());
        return doc;
    }

    /** The histogram as JSON: totals, and the rows themselves when they are not in a file. */
    private Map<String, Object> histogramDocument(ClassHistogram h, Path file, boolean withRows) {
        Map<String, Object> doc = document("class-histogram", file);
        doc.put("classes", h.rows().size());
        doc.put("instances", h.totalInstances());
        doc.put("bytes", h.totalBytes());
        if (withRows) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ClassHistogram.Row row : h.rows()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("className", row.className());
                m.put("instances", row.instances());
                m.put("bytes", row.bytes());
                rows.add(m);
            }
            doc.put("rows", rows);
        }
        return doc;
    }
}

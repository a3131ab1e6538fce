package io.heapsight.cli;

import io.heapsight.analysis.diff.DiffOptions;
import io.heapsight.analysis.diff.DiffReport;
import io.heapsight.analysis.diff.DumpFailedException;
import io.heapsight.analysis.diff.HeapDiff;
import io.heapsight.common.ByteSize;
import io.heapsight.common.LeakVerdict;
import io.heapsight.hprof.HprofFormatException;
import io.heapsight.report.DiffHtmlReport;
import io.heapsight.report.DiffJsonReport;
import io.heapsight.report.DiffTextReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compare two or more heap dumps of one application, oldest first. Holders (the fields that keep "
                + "collections alive) are matched across dumps by their reference path, not by address; each gets a "
                + "verdict: growing, plateaued, fluctuating, stable or shrinking. Direct buffers count with the native "
                + "memory they pin. Also shows per-class deltas.",
                "",
                "Exit codes: 0 compared (a leak found too, unless --fail-on-leak), 10 a holder grows and --fail-on-leak, "
                + "2 bad usage, 3 file not found, 4 not an HPROF file or corrupt, 5 a dump is truncated (what was read "
                + "is compared).",
                ""})
final class DiffCommand implements Callable<Integer> {

    enum Format { text, json, html }

    @Parameters(arity = "2..*", paramLabel = "DUMP", description = "heap dumps (.hprof or .hprof.gz), oldest first")
    List<Path> dumps;

    @Option(names = "--format", description = "text (default), json or html")
    Format format = Format.text;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "write the report to FILE instead of standard output")
    Path out;

    @Option(names = "--top", paramLabel = "N", description = "holders and classes shown (default ${DEFAULT-VALUE}; growing holders are always all shown)")
    int top = 20;

    @Option(names = "--fail-on-leak", description = "exit with 10 when a holder grows (for CI)")
    boolean failOnLeak;

    @Option(names = "--min-growth", paramLabel = "SIZE",
            description = "growth a holder must exceed to count, e.g. 512k, 4m (default: the larger of 256 KB and 1%% of the largest dump)")
    String minGrowth;

    @Option(names = "--include-weak-paths", description = "let holder paths go through weak/soft/phantom referents")
    boolean weakPaths;

    @Option(names = "--progress", negatable = true, description = "force the progress bar on or off (default: on a terminal)")
    Boolean progress;

    @Override
    public Integer call() throws Exception {
        if (top < 1) throw new CliException(ExitCodes.USAGE, "--top must be at least 1");
        DiffOptions options = DiffOptions.defaults().withTop(top).withWeakPaths(weakPaths);
        if (minGrowth != null) options = options.withMinGrowthBytes(parseSize(minGrowth));
        ReportOutput.refuseInputs(out, dumps);
        for (Path d : dumps) {
            if (!Files.exists(d)) throw new CliException(ExitCodes.NOT_FOUND, "no such file: " + d);
            if (!Files.isRegularFile(d)) throw new CliException(ExitCodes.BAD_INPUT, d + ": not a regular file");
            if (!Files.isReadable(d)) throw new CliException(ExitCodes.NOT_FOUND, "cannot read " + d + ": permission denied");
        }
        DiffReport report;
        try (ProgressBar bar = ProgressBar.forTerminal(System.err, progress)) {
            report = HeapDiff.compare(dumps, options, bar);
        } catch (DumpFailedException e) {
            IOException cause = e.getCause();
            if (cause instanceof NoSuchFileException) throw new CliException(ExitCodes.NOT_FOUND, "no such file: " + e.dump());
            if (cause instanceof AccessDeniedException) throw new CliException(ExitCodes.NOT_FOUND, "cannot read " + e.dump() + ": permission denied");
            if (cause instanceof HprofFormatException) throw new CliException(ExitCodes.BAD_INPUT, e.getMessage());
            if (DerivedFileErrors.isOurs(cause)) throw DerivedFileErrors.toCli(e.dump(), cause);
            throw new CliException(ExitCodes.BAD_INPUT, e.dump() + ": cannot be read as a heap dump: " + cause.getMessage());
        }
        String text = switch (format) {
            case text -> DiffTextReport.render(report, top);
            case json -> DiffJsonReport.render(report, top);
            case html -> DiffHtmlReport.render(report, top);
        };
        ReportOutput.write(text, out, "diff", dumps);
        for (var d : report.dumps()) {
            var i = d.info();
            if (!i.complete()) {
                System.err.println("heapsight diff: " + i.file() + " is " + i.status() + " after byte " + i.bytesRead() + " of "
                        + i.sizeBytes() + (i.problem() == null ? "" : " (" + i.problem() + ")") + "; the report covers what was read");
            }
        }
        switch (report.worstStatus()) {
            case CORRUPT -> {
                return ExitCodes.BAD_INPUT;
            }
            case TRUNCATED -> {
                return ExitCodes.TRUNCATED;
            }
            case COMPLETE -> { }
        }
        if (failOnLeak && report.verdict() == LeakVerdict.LEAK) {
            System.err.println("heapsight diff: leak: " + report.growing().size() + " holder(s) growing, first "
                    + report.growing().get(0).suspect().holder());
            return ExitCodes.LEAK_FOUND;
        }
        return ExitCodes.OK;
    }

    /** "1048576", "512k", "4m", "1g" (binary units, case-insensitive, optional trailing b). */
    static long parseSize(String s) {
        try {
            long v = ByteSize.parse(s);
            if (v > 0) return v;
        } catch (IllegalArgumentException e) {
            // the message below names the option
        }
        throw new CliException(ExitCodes.USAGE, "--min-growth: not a positive size: '" + s + "' (examples: 300000, 512k, 4m)");
    }

}

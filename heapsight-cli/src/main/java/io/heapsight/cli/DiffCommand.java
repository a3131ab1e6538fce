package io.heapsight.cli;

import io.heapsight.analysis.diff.DiffOptions;
import io.heapsight.analysis.diff.DiffReport;
import io.heapsight.analysis.diff.DumpFailedException;
import io.heapsight.analysis.diff.HeapDiff;
import io.heapsight.common.ByteSize;
import io.heapsight.common.LeakVerdict;
import io.heapsight.report.DiffHtmlReport;
import io.heapsight.report.DiffJsonReport;
import io.heapsight.report.DiffTextReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "diff", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        header = "Compare heap dumps of one application and name what grows.",
        description = {"Compare two or more heap dumps of one application, oldest first. Holders (the fields that keep "
                + "collections alive) are matched across dumps by their reference path, not by address; each gets a "
                + "verdict: growing, plateaued, fluctuating, stable or shrinking. Direct buffers count with the native "
                + "memory they pin. Also shows per-class deltas.",
                "A leak found exits with 0 unless --fail-on-leak is given."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.L_OK, ExitCodes.L_INTERNAL, ExitCodes.L_USAGE, ExitCodes.L_NOT_FOUND,
                ExitCodes.L_BAD_INPUT, ExitCodes.L_TRUNCATED, ExitCodes.L_NO_RESOURCE,
                ExitCodes.L_OUTPUT_FAILED, ExitCodes.L_LEAK_FOUND})
final class DiffCommand implements Callable<Integer> {

    @Parameters(arity = "2..*", paramLabel = "DUMP", description = "Heap dumps (.hprof or .hprof.gz), oldest first.")
    List<Path> dumps;

    @Mixin
    FormatOptions.TextJsonOrHtml output;

    @Mixin
    OutFileOption out;

    @Option(names = "--top", paramLabel = "N", description = "Holders and classes shown (default: ${DEFAULT-VALUE}); growing holders are always all shown.")
    int top = 20;

    @Option(names = "--fail-on-leak", description = "Exit with 10 when a holder grows (for CI).")
    boolean failOnLeak;

    @Option(names = "--min-growth", paramLabel = "SIZE",
            description = "Growth a holder must exceed to count, e.g. 512k or 4m (default: the larger of 256 KB "
                    + "and 1%% of the largest dump).")
    String minGrowth;

    @Option(names = "--include-weak-paths", description = "Let holder paths go through weak, soft and phantom referents.")
    boolean weakPaths;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() throws Exception {
        if (top < 1) throw new CliException(ExitCodes.USAGE, "--top must be at least 1");
        DiffOptions options = DiffOptions.defaults().withTop(top).withWeakPaths(weakPaths);
        if (minGrowth != null) options = options.withMinGrowthBytes(parseSize(minGrowth));
        ReportOutput.refuseInputs(out.file, dumps);
        for (Path d : dumps) {
            if (!Files.exists(d)) throw new CliException(ExitCodes.NOT_FOUND, "no such file: " + d);
            if (!Files.isRegularFile(d)) throw new CliException(ExitCodes.BAD_INPUT, d + ": not a regular file");
            if (!Files.isReadable(d)) throw new CliException(ExitCodes.NOT_FOUND, "cannot read " + d + ": permission denied");
        }
        DiffReport report;
        try (ProgressBar bar = progress.bar()) {
            report = HeapDiff.compare(dumps, options, bar);
        } catch (DumpFailedException e) {
            throw DumpErrors.toCli(e.dump(), e.getCause());
        }
        String text = switch (output.format) {
            case text -> DiffTextReport.render(report, top);
            case json -> DiffJsonReport.render(report, top) + "\n";   // a document ends its line, as text output does
            case html -> DiffHtmlReport.render(report, top);
        };
        ReportOutput.write(text, out.file, "diff", dumps, progress.log());
        for (var d : report.dumps()) {
            var i = d.info();
            if (!i.complete()) {
                System.err.println(io.heapsight.report.TerminalText.escape("heapsight diff: " + i.file() + " is " + i.status()
                        + " after byte " + i.bytesRead() + " of " + i.sizeBytes() + (i.problem() == null ? "" : " (" + i.problem() + ")")
                        + "; the report covers what was read"));
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
                    + io.heapsight.report.TerminalText.escape(report.growing().get(0).suspect().holder()));
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

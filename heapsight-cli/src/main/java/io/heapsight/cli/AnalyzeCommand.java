package io.heapsight.cli;

import io.heapsight.analysis.AnalysisOptions;
import io.heapsight.analysis.AnalysisReport;
import io.heapsight.analysis.HeapAnalysis;
import io.heapsight.heap.OpenOptions;
import io.heapsight.report.HtmlReport;
import io.heapsight.report.JsonReport;
import io.heapsight.report.TextReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        header = "Explain a heap dump: leak suspects, histogram, dominators.",
        description = {"Explain a heap dump (HPROF, plain or gzip): leak suspects with their path from a GC root, a class "
                + "histogram with retained sizes, the biggest dominators, and inspections (duplicate strings, class "
                + "loaders, finalizer, direct buffers).",
                "A damaged dump is still reported as far as it could be read; the exit code says so."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.L_OK, ExitCodes.L_INTERNAL, ExitCodes.L_USAGE, ExitCodes.L_NOT_FOUND,
                ExitCodes.L_BAD_INPUT, ExitCodes.L_TRUNCATED, ExitCodes.L_NO_RESOURCE,
                ExitCodes.L_OUTPUT_FAILED})
final class AnalyzeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DUMP", description = "Heap dump file (.hprof or .hprof.gz).")
    Path dump;

    @Mixin
    FormatOptions.TextJsonOrHtml output;

    @Mixin
    OutFileOption out;

    @Option(names = "--top", paramLabel = "N", description = "Rows per table (default: ${DEFAULT-VALUE}).")
    int top = 20;

    @Option(names = "--all-objects", description = "Count unreachable objects in the histogram too, as jmap -histo (without :live) does.")
    boolean allObjects;

    @Option(names = "--include-weak-paths", description = "Let paths from GC roots go through weak, soft and phantom referents.")
    boolean weakPaths;

    @Option(names = "--no-inspections", description = "Skip the inspections (saves one pass over the dump).")
    boolean noInspections;

    @Option(names = "--no-index", description = "Neither read nor write the index files kept beside the dump "
                    + "(their names end in heapsight-index, heapsight-dominators and heapsight-paths).")
    boolean noIndex;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() throws Exception {
        if (top < 1) throw new CliException(ExitCodes.USAGE, "--top must be at least 1");
        AnalysisOptions options = AnalysisOptions.defaults().withTop(top).withAllObjects(allObjects)
                .withWeakPaths(weakPaths).withInspections(!noInspections)
                .withOpen(noIndex ? OpenOptions.NO_INDEX : OpenOptions.DEFAULTS);
        ReportOutput.refuseInputs(out.file, java.util.List.of(dump));
        // the sections on the class path shape the report: another set (an added analysis) is another question
        String sections = io.heapsight.analysis.query.ReportSections.enabled(options).stream()
                .map(io.heapsight.analysis.query.ReportSection::name).collect(java.util.stream.Collectors.joining(","));
        String cacheKey = String.join("|", "0.1.0", sections, dump.toAbsolutePath().toString(), output.format.name(), Integer.toString(top),
                Boolean.toString(allObjects), Boolean.toString(weakPaths), Boolean.toString(noInspections));
        ReportCache.Cached cached = noIndex || !java.nio.file.Files.isRegularFile(dump) ? null : ReportCache.read(dump, cacheKey);
        if (cached != null) {
            ReportOutput.write(cached.text(), out.file, "analyze", java.util.List.of(dump), progress.log());
            if (!cached.warning().isEmpty()) System.err.println(io.heapsight.report.TerminalText.escape(cached.warning()));
            return cached.exitCode();
        }
        AnalysisReport report;
        try (ProgressBar bar = progress.bar()) {
            report = HeapAnalysis.analyze(dump, options, bar);
        } catch (java.io.IOException e) {
            throw DumpErrors.toCli(dump, e);
        }
        String text = switch (output.format) {
            case text -> TextReport.render(report, top);
            case json -> JsonReport.render(report) + "\n";   // a document ends its line, as text output does
            case html -> HtmlReport.render(report, top);
        };
        ReportOutput.write(text, out.file, "analyze", java.util.List.of(dump), progress.log());
        String warning = null;
        int code = switch (report.dump().status()) {
            case TRUNCATED -> {
                warning = "heapsight analyze: " + dump + " is truncated: read " + report.dump().bytesRead() + " of "
                        + report.dump().sizeBytes() + " bytes; the report covers what was read";
                yield ExitCodes.TRUNCATED;
            }
            case CORRUPT -> {
                warning = "heapsight analyze: " + dump + " is corrupt after byte " + report.dump().bytesRead() + " ("
                        + report.dump().problem() + "); the report covers what was read";
                yield ExitCodes.BAD_INPUT;
            }
            case COMPLETE -> ExitCodes.OK;
        };
        if (warning != null) System.err.println(io.heapsight.report.TerminalText.escape(warning));
        if (!noIndex) ReportCache.write(dump, cacheKey, code, warning, text);
        return code;
    }

}

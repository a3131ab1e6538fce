package io.heapsight.cli;

import io.heapsight.analysis.AnalysisOptions;
import io.heapsight.analysis.AnalysisReport;
import io.heapsight.analysis.HeapAnalysis;
import io.heapsight.heap.OpenOptions;
import io.heapsight.hprof.HprofFormatException;
import io.heapsight.report.HtmlReport;
import io.heapsight.report.JsonReport;
import io.heapsight.report.TextReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Explain a heap dump (HPROF, plain or gzip): leak suspects with their path from a GC root, class histogram",
                "with retained sizes, biggest dominators, inspections (duplicate strings, class loaders, finalizer, direct buffers).",
                "Exit codes: 0 ok, 3 file not found, 4 not an HPROF file or corrupt (what was read is still reported),",
                "5 truncated (what was read is reported)."})
final class AnalyzeCommand implements Callable<Integer> {

    enum Format { text, json, html }

    @Parameters(index = "0", paramLabel = "DUMP", description = "heap dump file (.hprof or .hprof.gz)")
    Path dump;

    @Option(names = "--format", description = "text (default), json or html")
    Format format = Format.text;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "write the report to FILE instead of standard output")
    Path out;

    @Option(names = "--top", paramLabel = "N", description = "rows per table (default ${DEFAULT-VALUE})")
    int top = 20;

    @Option(names = "--all-objects", description = "count unreachable objects in the histogram too, as jmap -histo (without :live) does")
    boolean allObjects;

    @Option(names = "--include-weak-paths", description = "let paths from GC roots go through weak/soft/phantom referents")
    boolean weakPaths;

    @Option(names = "--no-inspections", description = "skip inspections (saves one pass over the dump)")
    boolean noInspections;

    @Option(names = "--no-index", description = "neither read nor write the index files kept beside the dump (DUMP.heapsight-index, .heapsight-dominators)")
    boolean noIndex;

    @Option(names = "--progress", negatable = true, description = "force the progress bar on or off (default: on a terminal)")
    Boolean progress;

    @Override
    public Integer call() throws Exception {
        if (top < 1) throw new CliException(ExitCodes.USAGE, "--top must be at least 1");
        AnalysisOptions options = AnalysisOptions.defaults().withTop(top).withAllObjects(allObjects)
                .withWeakPaths(weakPaths).withInspections(!noInspections)
                .withOpen(noIndex ? OpenOptions.NO_INDEX : OpenOptions.DEFAULTS);
        ReportOutput.refuseInputs(out, java.util.List.of(dump));
        String cacheKey = String.join("|", "0.1.0", dump.toAbsolutePath().toString(), format.name(), Integer.toString(top),
                Boolean.toString(allObjects), Boolean.toString(weakPaths), Boolean.toString(noInspections));
        ReportCache.Cached cached = noIndex || !java.nio.file.Files.isRegularFile(dump) ? null : ReportCache.read(dump, cacheKey);
        if (cached != null) {
            ReportOutput.write(cached.text(), out, "analyze", java.util.List.of(dump));
            if (!cached.warning().isEmpty()) System.err.println(cached.warning());
            return cached.exitCode();
        }
        AnalysisReport report;
        try (ProgressBar bar = ProgressBar.forTerminal(System.err, progress)) {
            report = HeapAnalysis.analyze(dump, options, bar);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.NOT_FOUND, "no such file: " + dump);
        } catch (AccessDeniedException e) {
            throw new CliException(ExitCodes.NOT_FOUND, "cannot read " + dump + ": permission denied");
        } catch (HprofFormatException e) {
            throw new CliException(ExitCodes.BAD_INPUT, dump + ": " + e.getMessage());
        } catch (java.io.IOException e) {
            if (DerivedFileErrors.isOurs(e)) throw DerivedFileErrors.toCli(dump, e);
            throw e;
        }
        String text = switch (format) {
            case text -> TextReport.render(report, top);
            case json -> JsonReport.render(report);
            case html -> HtmlReport.render(report, top);
        };
        ReportOutput.write(text, out, "analyze", java.util.List.of(dump));
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
        if (warning != null) System.err.println(warning);
        if (!noIndex) ReportCache.write(dump, cacheKey, code, warning, text);
        return code;
    }

}

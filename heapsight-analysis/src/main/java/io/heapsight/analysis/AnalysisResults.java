package io.heapsight.analysis;

import io.heapsight.analysis.query.ReportSection;
import io.heapsight.analysis.result.Result;
import io.heapsight.analysis.sections.ClassHistogramSection;
import io.heapsight.analysis.sections.ClassLoadersSection;
import io.heapsight.analysis.sections.DirectBuffersSection;
import io.heapsight.analysis.sections.DominatorsSection;
import io.heapsight.analysis.sections.DuplicateStringsSection;
import io.heapsight.analysis.sections.FinalizerSection;
import io.heapsight.analysis.sections.LeakSuspectsSection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What the `analyze` report is built from, without the model: the dump's facts and summary, every histogram row,
 * and each list (dominators, suspects, each inspection's rows) to {@code depth} rows, with objects and paths already
 * named as results name them. {@link #report} renders the report for any {@code --top} up to the depth: every list is
 * computed in an order that does not depend on how many rows are asked for, so fewer rows are a prefix
 * (docs/cli.md, "Which options change the analysis"). Kept beside the dump ({@link AnalysisResultsFile}), so that
 * another question about an analyzed dump needs neither the index nor the graph.
 *
 * @param inspections    null when the inspections did not run
 * @param sectionMillis  each built-in section's time in the run that computed these results
 */
public record AnalysisResults(int depth, AnalysisReport.DumpInfo dump, AnalysisReport.Summary summary, Histogram histogram,
                              DominatorsSection.Shown dominators, List<LeakSuspectsSection.Shown> suspects, Inspected inspections,
                              Map<String, Long> sectionMillis, AnalysisReport.Timings timings) {

    /** The inspections' results, each to the depth. */
    public record Inspected(DuplicateStrings.Result duplicateStrings, ClassLoadersSection.Shown classLoaders,
                            FinalizerInspection.Result finalizer, DirectBuffersSection.Shown directBuffers) {}

    /** The sections these results can render (an added section on the class path is not among them). */
    public static final Set<String> BUILT_IN = Set.of("suspects", "class-histogram", "dominators", "duplicate-strings",
            "class-loaders", "finalizer", "direct-buffers");

    public AnalysisResults {
        sectionMillis = Map.copyOf(sectionMillis);
        suspects = List.copyOf(suspects);
    }

    /** Whether a report for these options and sections is these results' to give (else the graph must answer). */
    public boolean covers(AnalysisOptions options, List<ReportSection> enabled) {
        if (options.top() > depth || (options.inspections() && inspections == null)) return false;
        for (ReportSection s : enabled) if (!BUILT_IN.contains(s.name())) return false;
        return true;
    }

    /** The built-in section's result for {@code top} rows; null for any other section. */
    public Result render(String section, int top) {
        return switch (section) {
            case "suspects" -> LeakSuspectsSection.render(suspects, top);
            case "class-histogram" -> ClassHistogramSection.render(histogram, top);
            case "dominators" -> DominatorsSection.render(dominators, top);
            case "duplicate-strings" -> DuplicateStringsSection.render(inspections.duplicateStrings(), top);
            case "class-loaders" -> ClassLoadersSection.render(inspections.classLoaders(), top);
            case "finalizer" -> FinalizerSection.render(inspections.finalizer(), top);
            case "direct-buffers" -> DirectBuffersSection.render(inspections.directBuffers(), top);
            default -> null;
        };
    }

    /**
     * The report for {@code options} (its --top, its inspections) over the {@code enabled} sections: built-in sections
     * rendered from these results, any other one by {@code others}; the typed findings cut to --top.
     */
    public AnalysisReport report(AnalysisOptions options, List<ReportSection> enabled, Function<ReportSection, AnalysisReport.Section> others,
                                 AnalysisReport.Timings timings) {
        int top = options.top();
        List<AnalysisReport.Section> sections = new ArrayList<>();
        for (ReportSection s : enabled) {
            Result r = BUILT_IN.contains(s.name()) ? render(s.name(), top) : null;
            sections.add(r != null ? new AnalysisReport.Section(s.name(), s.description(), r, sectionMillis.getOrDefault(s.name(), 0L))
                    : others.apply(s));
        }
        AnalysisReport.Inspections in = null;
        if (options.inspections()) {
            in = new AnalysisReport.Inspections(DuplicateStringsSection.first(inspections.duplicateStrings(), top),
                    ClassLoadersSection.first(inspections.classLoaders(), top), FinalizerSection.first(inspections.finalizer(), top),
                    DirectBuffersSection.first(inspections.directBuffers(), top));
        }
        List<Histogram.Row> rows = histogram.rows();
        return new AnalysisReport(dump, summary, rows, rows.size(), DominatorsSection.dominators(dominators, top),
                LeakSuspectsSection.suspects(suspects, top), in, sections, timings);
    }

    /** The same results for another path to the same dump (the report names the file as the user did). */
    public AnalysisResults named(String file) {
        AnalysisReport.DumpInfo d = new AnalysisReport.DumpInfo(file, dump.sizeBytes(), dump.format(), dump.idSize(),
                dump.timestampMillis(), dump.layout(), dump.status(), dump.bytesRead(), dump.problem());
        return new AnalysisResults(depth, d, summary, histogram, dominators, suspects, inspections, sectionMillis, timings);
    }
}

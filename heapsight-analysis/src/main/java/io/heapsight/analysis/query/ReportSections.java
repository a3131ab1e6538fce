package io.heapsight.analysis.query;

import io.heapsight.analysis.AnalysisOptions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** The report sections on the class path, in report order (see {@link ReportSection}). */
public final class ReportSections {
    private ReportSections() {}

    public static List<ReportSection> enabled(AnalysisOptions options) {
        List<ReportSection> out = new ArrayList<>();
        for (ReportSection s : ServiceLoader.load(ReportSection.class, ReportSections.class.getClassLoader())) {
            if (s.enabled(options)) out.add(s);
        }
        out.sort(Comparator.comparingInt(ReportSection::order).thenComparing(ReportSection::name));
        return out;
    }
}

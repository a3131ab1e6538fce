package io.heapsight.analysis.query;

/**
 * A query whose result is a section of the `analyze` report (text, JSON and HTML), run with no arguments beyond the
 * analysis options. Sections are found with {@link java.util.ServiceLoader} (META-INF/services/
 * io.heapsight.analysis.query.ReportSection), so an analysis added in another jar or a test source folder appears
 * in every report format without touching the presenters. {@link #order()} places it (built-ins use 100, 200, ...).
 */
public interface ReportSection extends HeapQuery {
    default int order() {
        return 1000;
    }

    /** Whether it runs for these options (e.g. inspections are off with --no-inspections). */
    default boolean enabled(io.heapsight.analysis.AnalysisOptions options) {
        return true;
    }
}

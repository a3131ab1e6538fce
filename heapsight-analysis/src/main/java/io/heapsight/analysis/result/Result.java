package io.heapsight.analysis.result;

/**
 * What an analysis or query returns: one of a few generic shapes (as Eclipse MAT's IResultTable / IResultTree).
 * Presenters (text, JSON, HTML, the explorer) render each shape once; no analysis formats its own output.
 */
public sealed interface Result permits Table, Tree, ObjectView, Sections, Note {
    /** A short heading, e.g. "Leak suspects" or "Instances of java.util.HashMap". */
    String title();
}

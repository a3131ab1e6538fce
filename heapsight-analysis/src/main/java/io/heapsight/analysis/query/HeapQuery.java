package io.heapsight.analysis.query;

import io.heapsight.analysis.result.Result;

import java.io.IOException;

/**
 * A named question about one dump (Eclipse MAT's IQuery, Shark's ObjectInspector): takes the context built once per
 * dump and the caller's arguments, returns a generic {@link Result}. The CLI (`analyze`, `inspect`), the reports and the
 * explorer's API all run the same queries, so they show the same truths. A new analysis is one class implementing this.
 *
 * <p>Queries that belong in the `analyze` report (suspects, inspections) are also listed as {@link ReportSection}s.
 */
public interface HeapQuery {
    /** Stable machine name: a CLI sub-command, an API path segment, a JSON property ("histogram", "referrers"). */
    String name();

    /** One line for help texts and headings. */
    String description();

    /**
     * Runs the query. Bad arguments (an unknown id, a malformed regex) throw {@link QueryException} with a message
     * meant for the user; the front ends map it to a 400/404 or a one-line error.
     */
    Result run(AnalysisContext context, QueryArgs args) throws IOException;
}

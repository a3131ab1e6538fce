package io.heapsight.analysis.result;

import java.util.List;

/** Several results under one heading, with an optional one-line summary (an inspection: a headline and its tables). */
public record Sections(String title, String summary, List<Result> parts) implements Result {
    public Sections {
        parts = List.copyOf(parts);
    }
}

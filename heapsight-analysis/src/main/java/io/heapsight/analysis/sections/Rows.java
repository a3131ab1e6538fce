package io.heapsight.analysis.sections;

import java.util.List;

/** The first rows of a list: every section's tables (and its findings in the JSON report) hold {@code --top} rows. */
final class Rows {
    private Rows() {}

    static <T> List<T> first(List<T> all, int top) {
        return all.size() <= top ? all : List.copyOf(all.subList(0, Math.max(0, top)));
    }
}

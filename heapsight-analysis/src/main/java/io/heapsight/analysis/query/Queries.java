package io.heapsight.analysis.query;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The explorer's questions about one dump, by name: what `heapsight inspect` runs and the explorer's API serves. */
public final class Queries {
    private static final Map<String, HeapQuery> BY_NAME = new LinkedHashMap<>();

    static {
        for (HeapQuery q : List.of(new HistogramQuery(), new ClassQuery(), new InstancesQuery(), new ObjectQuery(),
                new ReferrersQuery(), new ReferencesQuery(), new PathQuery(), new DominatedQuery(), new MergedPathsQuery(),
                new ThreadsQuery())) {
            BY_NAME.put(q.name(), q);
        }
    }

    private Queries() {}

    public static List<HeapQuery> all() {
        return List.copyOf(BY_NAME.values());
    }

    /** The query of that name, or a {@link QueryException} listing the names there are. */
    public static HeapQuery named(String name) {
        HeapQuery q = BY_NAME.get(name);
        if (q == null) throw QueryException.badArgument("no query named " + name + "; there are: " + String.join(", ", BY_NAME.keySet()));
        return q;
    }
}

package io.heapsight.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The analyzers compared, each with the class that runs its full job inside a child JVM. */
enum Tool {
    HEAPSIGHT("heapsight", "analyze --format json: parse, histogram, dominators, retained sizes, suspects"),
    HAHA("haha-1.3", "MAT 2015 core: parse + index + dominator tree, class histogram, top retained"),
    SHARK("shark-2.14", "HprofHeapGraph index, class histogram, whole-heap dominator tree + retained sizes"),
    /** Eclipse MAT from MAT_HOME, its own JVM (not a ToolRunner child): see MatJob. */
    MAT("mat", "Eclipse MAT headless (MAT_HOME): parse + index files + dominator tree, leak suspects report");

    final String label;
    final String job;

    Tool(String label, String job) {
        this.label = label;
        this.job = job;
    }

    FullJob newJob() {
        return switch (this) {
            case HEAPSIGHT -> new HeapsightJob();
            case HAHA -> new HahaJob();
            case SHARK -> new SharkJob();
            case MAT -> throw new IllegalStateException("MAT runs as its own application, not as a ToolRunner job");
        };
    }

    static Tool byName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Tool t : values()) {
            if (t.name().toLowerCase(Locale.ROOT).equals(n) || t.label.equals(n)) return t;
        }
        throw new IllegalArgumentException("unknown tool '" + name + "' (known: heapsight, haha, shark, mat)");
    }

    static List<Tool> parseList(String csv) {
        List<Tool> tools = new ArrayList<>();
        for (String part : csv.split(",")) {
            if (part.isBlank()) continue;
            Tool t = byName(part);
            if (!tools.contains(t)) tools.add(t);
        }
        if (tools.isEmpty()) throw new IllegalArgumentException("--tools needs at least one of " + Arrays.toString(values()));
        return List.copyOf(tools);
    }
}

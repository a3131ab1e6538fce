package io.heapsight.analysis;

/**
 * One step of a path from a GC root. The first step names the root ("Java frame local: thread \"main\" at ...");
 * each later step names the reference followed ("com.example.Cache.entries", "[42]") and the object it reaches.
 */
public record PathStep(String via, String object, int objectIndex, boolean isRoot) {
    static PathStep root(String rootDescription, String object, int index) {
        return new PathStep(rootDescription, object, index, true);
    }

    static PathStep reference(String field, String object, int index) {
        return new PathStep(field, object, index, false);
    }

    @Override
    public String toString() {
        return isRoot ? "[" + via + "] " + object : "  ." + via + " -> " + object;
    }
}

package io.heapsight.analysis.result;

import java.util.List;

/**
 * A path from a GC root to an object, root first: the root's description, then each reference followed.
 * An empty step list means there is no strong path (the object is only weakly or softly reachable, or unreachable).
 */
public record Path(String rootKind, String rootDescription, List<Step> steps) {
    /**
     * @param via    the reference followed to reach {@code object}: a field ("com.example.Cache.entries"), an array
     *               index ("[42]"); null on the first step (the root object itself)
     * @param object the object reached
     */
    public record Step(String via, ObjectRef object) {}

    public static Path none() {
        return new Path(null, null, List.of());
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }
}

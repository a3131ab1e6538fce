package io.heapsight.analysis;

import java.util.List;

/**
 * A leak suspect: an accumulation point (the collection or array whose elements hold the memory), the field that
 * keeps it alive ({@code holder}, as declaringClass.fieldName), what accumulates in it and how much it retains.
 *
 * @param holder           declaringClass.fieldName of the reference that keeps the accumulation point alive
 * @param holderPath       root kind plus chain of declaringClass.field from the GC root: stable across dumps
 * @param accumulationPoint the collection object, e.g. "java.util.HashMap@0x7f..."
 * @param accumulatedClass the class of the elements that hold the memory
 * @param count            number of accumulated elements (summed over instances when several are grouped)
 * @param retainedBytes    memory the accumulation point retains (summed over grouped instances)
 * @param instances        how many accumulation points share this holder (e.g. one per pooled thread)
 * @param path             steps from the GC root to the accumulation point, root first
 */
public record Suspect(
        int rank,
        String holder,
        String holderPath,
        String accumulationPoint,
        int accumulationPointIndex,
        String accumulationPointClass,
        String accumulatedClass,
        long count,
        long retainedBytes,
        double heapFraction,
        int instances,
        List<PathStep> path,
        String description) {
}

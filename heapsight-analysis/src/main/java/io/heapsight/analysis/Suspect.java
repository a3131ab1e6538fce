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
 * @param nativeBytes      native memory owned by the direct buffers it keeps alive (ranked with the heap bytes)
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
        String description,
        long nativeBytes) {

    /** A suspect that pins no native memory. */
    public Suspect(int rank, String holder, String holderPath, String accumulationPoint, int accumulationPointIndex,
                   String accumulationPointClass, String accumulatedClass, long count, long retainedBytes, double heapFraction,
                   int instances, List<PathStep> path, String description) {
        this(rank, holder, holderPath, accumulationPoint, accumulationPointIndex, accumulationPointClass, accumulatedClass, count,
                retainedBytes, heapFraction, instances, path, description, 0);
    }

    /** Heap retained plus native memory: what the ranking orders by. */
    public long totalBytes() {
        return retainedBytes + nativeBytes;
    }

    /** The same suspect with another rank. */
    public Suspect withRank(int newRank) {
        return new Suspect(newRank, holder, holderPath, accumulationPoint, accumulationPointIndex, accumulationPointClass,
                accumulatedClass, count, retainedBytes, heapFraction, instances, path, description, nativeBytes);
    }
}

package io.heapsight.analysis.diff;

/** Reachable instances of one class name in one dump (summed over the loaders that define a class of that name). */
public record ClassStats(long count, long shallowBytes, long retainedBytes) {
    public static final ClassStats NONE = new ClassStats(0, 0, 0);

    ClassStats plus(ClassStats o) {
        return new ClassStats(count + o.count, shallowBytes + o.shallowBytes, retainedBytes + o.retainedBytes);
    }
}

package io.heapsight.analysis.diff;

/**
 * A holder in one dump. {@code present} is false when the holder was not found there (below the extraction
 * threshold, or gone): its sizes then count as 0.
 */
public record SeriesPoint(String dump, boolean present, long retainedBytes, long nativeBytes, long count, int instances) {
    public long totalBytes() {
        return retainedBytes + nativeBytes;
    }

    static SeriesPoint of(String dump, HolderObservation o) {
        if (o == null) return new SeriesPoint(dump, false, 0, 0, 0, 0);
        return new SeriesPoint(dump, true, o.suspect().retainedBytes(), o.nativeBytes(), o.suspect().count(), o.suspect().instances());
    }
}

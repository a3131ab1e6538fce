package io.heapsight.analysis.diff;

import io.heapsight.analysis.Suspect;

import java.util.List;

/**
 * One holder matched across the dumps.
 *
 * @param rank         1 = most likely leak
 * @param suspect      the holder as seen in the latest dump where it was found (analyze's suspect shape, re-ranked)
 * @param nativeBytes  native memory it pins in that dump
 * @param series       one point per dump, in dump order
 * @param growthBytes  heap + native bytes in the last dump minus the first
 * @param growthCount  elements in the last dump minus the first
 * @param growingSteps steps (between consecutive dumps) that added more than their share of the noise threshold
 */
public record HolderDiff(int rank, HolderVerdict verdict, Suspect suspect, long nativeBytes, List<SeriesPoint> series,
                         long growthBytes, long growthCount, int growingSteps, String description) {
    public HolderDiff {
        series = List.copyOf(series);
    }
}

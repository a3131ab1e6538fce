package io.heapsight.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Big int arrays one phase no longer needs, handed to the next phase instead of allocating fresh ones: at 30M
 * objects each is 120 MB, and a new one costs page faults and, until a collection, resident memory beside the dead
 * one. The caller owns the holder and drops it when the phases are done; contents are garbage.
 */
public final class ScratchArrays {
    private final List<int[]> free = new ArrayList<>();

    public void offer(int[] array) {
        if (array != null) free.add(array);
    }

    /** A spare array with at least {@code length} entries (the smallest such), or a new one. */
    public int[] take(int length) {
        int best = -1;
        for (int i = 0; i < free.size(); i++) {
            if (free.get(i).length >= length && (best < 0 || free.get(i).length < free.get(best).length)) best = i;
        }
        return best >= 0 ? free.remove(best) : new int[length];
    }
}

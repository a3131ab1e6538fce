package io.heapsight.demo.churn;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Reuses byte arrays of one size class (powers of two) instead of allocating per request, like .NET's
 * ArrayPool&lt;byte&gt;.Shared. Keeps at most {@link #PER_SIZE} idle arrays per size, so the pool itself is bounded.
 */
public final class ByteArrayPool {

    public static final ByteArrayPool SHARED = new ByteArrayPool();
    static final int PER_SIZE = 16;
    private static final int SIZE_CLASSES = 31;

    private final List<ConcurrentLinkedDeque<byte[]>> idle = new ArrayList<>(SIZE_CLASSES);

    private ByteArrayPool() {
        for (int i = 0; i < SIZE_CLASSES; i++) {
            idle.add(new ConcurrentLinkedDeque<>());
        }
    }

    /** An array of at least {@code minLength} bytes (its contents are whatever the last user left). */
    public byte[] rent(int minLength) {
        int cls = sizeClass(minLength);
        if (cls >= SIZE_CLASSES) {
            return new byte[minLength];   // beyond the largest class: not pooled
        }
        byte[] array = idle.get(cls).pollFirst();
        return array != null ? array : new byte[1 << cls];
    }

    public void giveBack(byte[] array) {
        int cls = Integer.numberOfTrailingZeros(array.length);
        if (Integer.bitCount(array.length) == 1 && cls < SIZE_CLASSES && idle.get(cls).size() < PER_SIZE) {
            idle.get(cls).offerFirst(array);
        }
    }

    static int sizeClass(int minLength) {
        if (minLength <= 1) {
            return 0;
        }
        return 32 - Integer.numberOfLeadingZeros(minLength - 1);
    }
}

package io.heapsight.analysis.query;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntToLongFunction;

/**
 * Sorts object indexes by a long key, largest first, ties by index: in place on the int array, no boxing (an
 * instance list can hold millions). Iterative quicksort with random pivots and insertion sort for small ranges.
 */
final class IntOrder {
    private IntOrder() {}

    static void sortDescending(int[] a, IntToLongFunction key) {
        long[] k = new long[a.length];
        for (int i = 0; i < a.length; i++) k[i] = key.applyAsLong(a[i]);
        int[] stack = new int[128];
        int sp = 0;
        stack[sp++] = 0;
        stack[sp++] = a.length - 1;
        while (sp > 0) {
            int hi = stack[--sp], lo = stack[--sp];
            while (hi - lo > 16) {
                int p = lo + ThreadLocalRandom.current().nextInt(hi - lo + 1);
                long pk = k[p];
                int pa = a[p];
                int i = lo, j = hi;
                while (i <= j) {
                    while (before(k[i], a[i], pk, pa)) i++;
                    while (before(pk, pa, k[j], a[j])) j--;
                    if (i <= j) {
                        swap(a, k, i, j);
                        i++;
                        j--;
                    }
                }
                // recurse into the smaller side by pushing the larger: the stack stays logarithmic
                if (j - lo < hi - i) {
                    if (i < hi) { stack = push(stack, sp, i, hi); sp += 2; }
                    hi = j;
                } else {
                    if (lo < j) { stack = push(stack, sp, lo, j); sp += 2; }
                    lo = i;
                }
            }
            for (int x = lo + 1; x <= hi; x++) {
                for (int y = x; y > lo && before(k[y], a[y], k[y - 1], a[y - 1]); y--) swap(a, k, y, y - 1);
            }
        }
    }

    /** True when (k1, a1) sorts before (k2, a2): larger key first, then smaller index. */
    private static boolean before(long k1, int a1, long k2, int a2) {
        return k1 > k2 || (k1 == k2 && a1 < a2);
    }

    private static void swap(int[] a, long[] k, int i, int j) {
        int t = a[i]; a[i] = a[j]; a[j] = t;
        long u = k[i]; k[i] = k[j]; k[j] = u;
    }

    private static int[] push(int[] stack, int sp, int lo, int hi) {
        if (sp + 2 > stack.length) stack = java.util.Arrays.copyOf(stack, stack.length * 2);
        stack[sp] = lo;
        stack[sp + 1] = hi;
        return stack;
    }
}

package io.heapsight.demo.churn;

import io.heapsight.demo.leaks.Payloads;

/** Churn without leaks: memory allocated per request and dropped when it ends. */
public final class Allocations {
    private Allocations() {}

    /** Largest array the size-taking endpoints accept, so a typo cannot ask for gigabytes. */
    public static final int MAX_ARRAY_BYTES = 64 * 1024 * 1024;

    /** A transient 10 KB string (the ASP.NET sample's "bigstring"): young-generation garbage, no leak. */
    public static int bigString() {
        return Payloads.text(Payloads.TEN_KB).length();
    }

    /** A fresh array per request: allocation pressure proportional to size x rate. Returns a checksum so it is used. */
    public static long freshArray(int size) {
        byte[] array = new byte[size];
        return fill(array, size);
    }

    /** The same work on a pooled array: almost no allocation once the pool is warm. */
    public static long pooledArray(int size) {
        byte[] array = ByteArrayPool.SHARED.rent(size);
        try {
            return fill(array, size);
        } finally {
            ByteArrayPool.SHARED.giveBack(array);
        }
    }

    private static long fill(byte[] array, int size) {
        long sum = 0;
        for (int i = 0; i < size; i += 512) {
            array[i] = (byte) i;
            sum += array[i];
        }
        return sum;
    }
}

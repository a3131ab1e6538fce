package io.heapsight.demo.leaks;

import java.util.concurrent.ThreadLocalRandom;

/** Builds the request-sized payloads the endpoints retain or throw away. */
public final class Payloads {
    private Payloads() {}

    /** The size of one "request's worth" of data: 10 KB, as in the ASP.NET sample's bigstring endpoint. */
    public static final int TEN_KB = 10 * 1024;

    /** A distinct Latin-1 string of {@code length} characters (distinct so no two requests share one by accident). */
    public static String text(int length) {
        char[] chars = new char[length];
        var random = ThreadLocalRandom.current();
        for (int i = 0; i < length; i++) {
            chars[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(chars);
    }
}

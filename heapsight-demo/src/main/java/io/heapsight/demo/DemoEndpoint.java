package io.heapsight.demo;

/**
 * One endpoint of the demo as the page and the docs present it.
 *
 * @param kind   leak (grows and never gives back), fixed (the leak's repaired twin), churn (allocates and lets go),
 *               or tool (diagnostics, GC)
 * @param holder the static field that keeps a leak's objects alive (declaringClass.field), or null
 */
public record DemoEndpoint(String path, String kind, String title, String explanation, String holder) {

    public static final String LEAK = "leak";
    public static final String FIXED = "fixed";
    public static final String CHURN = "churn";
    public static final String TOOL = "tool";
}

package io.heapsight.testkit.scenarios;

/** What ManyClassesHeap's generated classes implement, so instances of hidden or foreign-loader classes can be filled. */
public interface GeneratedShape {
    void fill(Object next, long value, String label);
}

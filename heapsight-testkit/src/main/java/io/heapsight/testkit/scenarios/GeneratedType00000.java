package io.heapsight.testkit.scenarios;

/**
 * The class file ManyClassesHeap copies into thousands of classes: the name's five digits are replaced by the copy's
 * number (same length, so the constant pool stays valid). Instances form a chain per class.
 */
public final class GeneratedType00000 implements GeneratedShape {
    private Object next;
    private long value;
    private String label;

    public GeneratedType00000() {}

    @Override
    public void fill(Object next, long value, String label) {
        this.next = next;
        this.value = value;
        this.label = label;
    }
}

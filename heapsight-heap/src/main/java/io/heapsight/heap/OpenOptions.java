package io.heapsight.heap;

/**
 * How {@link HeapSnapshot#open} treats the files it derives from a dump; the layers above follow the same choice for
 * theirs (the dominator tree), through {@link HeapSnapshot#openOptions()}.
 *
 * @param useIndex read the index beside the dump when it is current, and write it after a parse ({@code --no-index}
 *                 turns this off: nothing is read from or written beside the dump)
 */
public record OpenOptions(boolean useIndex) {
    public static final OpenOptions DEFAULTS = new OpenOptions(true);
    public static final OpenOptions NO_INDEX = new OpenOptions(false);
}

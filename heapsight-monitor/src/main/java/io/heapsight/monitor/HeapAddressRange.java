package io.heapsight.monitor;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The address range the Java heap is reserved at, read from the target's {@code GC.heap_info} output, so that the
 * monitor can count which of the heap's pages are resident (/proc/pid/smaps) instead of assuming the whole committed
 * heap is. G1, Parallel, Serial and Shenandoah print their reserved ranges ("[0x00000000f8000000,
 * 0x0000000100000000)", Parallel and Serial one per generation and space, with "used/committed up to" addresses
 * in between); ZGC
 * prints none, and its heap is mapped several times over, so it stays unknown there.
 *
 * @param start first byte of the reservation
 * @param end   first byte past it
 */
public record HeapAddressRange(long start, long end) {
    // "[0x..., 0x...)" up to "[0x..., 0x..., 0x..., 0x...)" (Serial's tenured space on JDK 17): the first address
    // opens the range, the last closes it
    private static final Pattern RANGE = Pattern.compile("\\[0x([0-9a-fA-F]{1,16}),\\s*(?:0x[0-9a-fA-F]{1,16},\\s*){0,3}0x([0-9a-fA-F]{1,16})\\)");

    public HeapAddressRange {
        if (start < 0 || end <= start) throw new IllegalArgumentException("not an address range: " + start + ".." + end);
    }

    public long size() {
        return end - start;
    }

    public boolean contains(long address) {
        return address >= start && address < end;
    }

    /**
     * The smallest range covering every generation that {@code GC.heap_info} lists, or empty when it lists none or the
     * result is implausible for a heap of at most {@code maxHeap} bytes (unknown: -1), e.g. a ZGC or an unknown format.
     */
    public static Optional<HeapAddressRange> parse(String heapInfo, long maxHeap) {
        if (heapInfo == null) return Optional.empty();
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (String line : heapInfo.split("\n")) {
            String t = line.strip();
            // metaspace and class space are not the heap (JDK 8 and 11 print them in the same output)
            if (t.startsWith("Metaspace") || t.startsWith("class space")) continue;
            Matcher m = RANGE.matcher(t);
            while (m.find()) {
                long lo = Long.parseUnsignedLong(m.group(1), 16);
                long hi = Long.parseUnsignedLong(m.group(2), 16);
                if (lo < 0 || hi <= lo) return Optional.empty();
                start = Math.min(start, lo);
                end = Math.max(end, hi);
            }
        }
        if (start == Long.MAX_VALUE) return Optional.empty();
        long size = end - start;
        // a reservation is the max heap rounded up to the collector's alignment (regions, card tables): far larger
        // means the ranges were not the heap's
        if (maxHeap > 0 && size > 2 * maxHeap + (64L << 20)) return Optional.empty();
        return Optional.of(new HeapAddressRange(start, end));
    }

    @Override
    public String toString() {
        return String.format("[0x%x, 0x%x)", start, end);
    }
}

package io.heapsight.demo.churn;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.heapsight.common.ByteSize;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Short-lived arrays sized just above or just below half a G1 region. Above, G1 allocates each one as a humongous
 * object straight into old-generation regions and starts collections with the cause "G1 Humongous Allocation";
 * below, they are ordinary young-generation garbage. Other collectors have no such threshold.
 */
public final class HumongousAllocations {
    private HumongousAllocations() {}

    /** What one call did, for the response. */
    public record Result(long arrayBytes, int count, long regionBytes, boolean humongous, String collector) {}

    @SuppressWarnings("unused")
    private static volatile long sink;

    /** Arrays allocated per call: enough for the GC cause to show up after a few clicks. */
    public static final int DEFAULT_COUNT = 8;

    /**
     * @param size "above", "below" (half a region, plus or minus) or a byte count with an optional k/m suffix
     */
    public static Result allocate(String size, int count) {
        long region = regionBytes();
        long half = region > 0 ? region / 2 : 512 * 1024;
        long bytes = switch (size.toLowerCase(Locale.ROOT)) {
            case "above" -> half + half / 2;          // 3/4 of a region: humongous
            case "below" -> half - 16 * 1024;         // leaves room for the array header: never humongous
            default -> parseBytes(size);
        };
        if (bytes <= 0 || bytes > Allocations.MAX_ARRAY_BYTES) {
            throw new IllegalArgumentException("size must be above, below, or 1.." + Allocations.MAX_ARRAY_BYTES
                    + " bytes (k/m suffix allowed), got '" + size + "'");
        }
        for (int i = 0; i < count; i++) {
            byte[] array = new byte[(int) bytes];
            array[array.length - 1] = 1;
            sink += array[array.length - 1];   // used, so the allocation cannot be optimised away
        }
        // a humongous object is one of at least half a region, header (16 bytes) included
        boolean humongous = region > 0 && bytes + 16 >= half;
        return new Result(bytes, count, region, humongous, collectorName());
    }

    /** A size as {@link ByteSize#parse} reads it ("512k", "1m"), or -1 when it is not one. */
    static long parseBytes(String text) {
        try {
            return ByteSize.parse(text);
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /** G1's region size, or 0 when the JVM does not run G1. */
    public static long regionBytes() {
        if (!collectorName().equals("G1")) {
            return 0;
        }
        try {
            var bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return Long.parseLong(bean.getVMOption("G1HeapRegionSize").getValue());
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** A short name for the collector in use: G1, Parallel, Serial, ZGC, Shenandoah or Epsilon. */
    public static String collectorName() {
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            String n = gc.getName();
            if (n.startsWith("G1")) return "G1";
            if (n.startsWith("PS ")) return "Parallel";
            if (n.equals("Copy") || n.equals("MarkSweepCompact")) return "Serial";
            if (n.startsWith("ZGC")) return "ZGC";
            if (n.startsWith("Shenandoah")) return "Shenandoah";
            if (n.startsWith("Epsilon")) return "Epsilon";
        }
        return "unknown";
    }
}

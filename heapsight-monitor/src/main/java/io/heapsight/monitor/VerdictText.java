package io.heapsight.monitor;

/** The verdict in words, for the terminal. */
public final class VerdictText {
    private VerdictText() {}

    public static String oneLine(Verdict v) {
        StringBuilder sb = new StringBuilder("verdict: ").append(v.kind().token().toUpperCase(java.util.Locale.ROOT));
        sb.append(String.format(" (confidence %.2f, %d GC points)", v.confidence(), v.liveSetPoints()));
        sb.append(" — ").append(v.reason());
        return sb.toString();
    }

    public static String summary(Verdict v) {
        StringBuilder sb = new StringBuilder(oneLine(v)).append('\n');
        if (!Double.isNaN(v.liveSetSlopeBytesPerMin())) {
            sb.append(String.format("  live set now %s, slope %s/min (%.3f%% of max heap per min), 95%% CI %s..%s/min%n",
                    Bytes.format(v.liveSetBytes()), Bytes.format(v.liveSetSlopeBytesPerMin()), v.slopePercentOfMaxPerMin(),
                    Bytes.format(v.slopeLowBytesPerMin()), Bytes.format(v.slopeHighBytesPerMin())));
        }
        if (v.etaToMaxHeapSeconds() >= 0) {
            sb.append("  max heap (").append(Bytes.format(v.maxHeapBytes())).append(") reached in ~")
                    .append(Bytes.seconds(v.etaToMaxHeapSeconds())).append(" at this rate\n");
        }
        if (v.containerLimitBytes() > 0) {
            sb.append("  container limit ").append(Bytes.format(v.containerLimitBytes()));
            sb.append(v.etaToContainerLimitSeconds() >= 0 ? ", reached in ~" + Bytes.seconds(v.etaToContainerLimitSeconds()) : "")
                    .append('\n');
        }
        if (!Double.isNaN(v.heapUsedSlopeBytesPerMin())) {
            sb.append(String.format("  heap used %s/min, RSS %s/min, RSS outside heap %s/min, direct buffers %s/min%n",
                    Bytes.format(v.heapUsedSlopeBytesPerMin()), Bytes.format(v.rssSlopeBytesPerMin()),
                    Bytes.format(v.nonHeapRssSlopeBytesPerMin()), Bytes.format(v.directBufferSlopeBytesPerMin())));
        }
        sb.append(String.format("  %d samples, %d GCs, warm-up %.0f s ignored%n", v.samples(), v.gcCount(), v.warmupSeconds()));
        return sb.toString();
    }
}

package io.heapsight.monitor;

import io.heapsight.common.ByteSize;
import io.heapsight.common.Durations;

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
                    ByteSize.formatOrUnknown(v.liveSetBytes()), ByteSize.format(v.liveSetSlopeBytesPerMin()), v.slopePercentOfMaxPerMin(),
                    ByteSize.format(v.slopeLowBytesPerMin()), ByteSize.format(v.slopeHighBytesPerMin())));
        }
        if (v.etaToMaxHeapSeconds() >= 0) {
            sb.append("  max heap (").append(ByteSize.formatOrUnknown(v.maxHeapBytes())).append(") reached in ~")
                    .append(Durations.humanSeconds(v.etaToMaxHeapSeconds())).append(" at this rate\n");
        }
        if (v.containerLimitBytes() > 0) {
            sb.append("  container limit ").append(ByteSize.formatOrUnknown(v.containerLimitBytes()));
            sb.append(v.etaToContainerLimitSeconds() >= 0 ? ", reached in ~" + Durations.humanSeconds(v.etaToContainerLimitSeconds()) : "")
                    .append('\n');
        }
        if (!Double.isNaN(v.heapUsedSlopeBytesPerMin())) {
            sb.append(String.format("  heap used %s/min, RSS %s/min, RSS outside heap %s/min, direct buffers %s/min%n",
                    ByteSize.format(v.heapUsedSlopeBytesPerMin()), ByteSize.format(v.rssSlopeBytesPerMin()),
                    ByteSize.format(v.nonHeapRssSlopeBytesPerMin()), ByteSize.format(v.directBufferSlopeBytesPerMin())));
        }
        sb.append(String.format("  %d samples, %d GCs, warm-up %.0f s ignored%n", v.samples(), v.gcCount(), v.warmupSeconds()));
        return sb.toString();
    }
}

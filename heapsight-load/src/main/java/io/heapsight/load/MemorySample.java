package io.heapsight.load;

import io.heapsight.common.ByteSize;

import java.time.Instant;

/**
 * The target's memory at one moment, as a {@link MemoryProbe} saw it. Values are bytes or counts; -1 = not known.
 *
 * @param liveSetBytes heap in use right after a full collection the probe forced (or the closest it could get)
 */
public record MemorySample(Instant at, long liveSetBytes, long heapUsedBytes, long heapMaxBytes, long rssBytes,
                           long threads, long openFds, long directBufferBytes) {

    /** One line for people: "live set 11.2 MB, heap used 20.0 MB of 256 MB, RSS 151 MB, 22 threads, 71 FDs". */
    public String describe() {
        StringBuilder b = new StringBuilder("live set ").append(ByteSize.formatOrUnknown(liveSetBytes));
        if (heapUsedBytes >= 0) {
            b.append(", heap used ").append(ByteSize.formatOrUnknown(heapUsedBytes));
            if (heapMaxBytes > 0) {
                b.append(" of ").append(ByteSize.formatOrUnknown(heapMaxBytes));
            }
        }
        if (rssBytes >= 0) b.append(", RSS ").append(ByteSize.formatOrUnknown(rssBytes));
        if (threads >= 0) b.append(", ").append(threads).append(" threads");
        if (openFds >= 0) b.append(", ").append(openFds).append(" open FDs");
        if (directBufferBytes > 0) b.append(", direct buffers ").append(ByteSize.formatOrUnknown(directBufferBytes));
        return b.toString();
    }
}

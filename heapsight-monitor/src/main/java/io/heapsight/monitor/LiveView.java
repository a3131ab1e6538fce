package io.heapsight.monitor;

import io.heapsight.common.ByteSize;
import io.heapsight.common.Durations;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The terminal view of a running monitor: a table of current values with sparklines of the last minute or so,
 * then the verdict so far and the latest messages. Rendered as plain text; the caller clears the screen.
 */
public final class LiveView {
    private static final int WIDTH = 60;
    private final List<Sample> history = new ArrayList<>();
    private final List<String> messages = new ArrayList<>();
    private final String title;

    public LiveView(String title) {
        this.title = title;
    }

    public void add(Sample s) {
        history.add(s);
        if (history.size() > WIDTH) history.remove(0);
    }

    public void message(String m) {
        messages.add(m);
        if (messages.size() > 5) messages.remove(0);
    }

    public String render(Verdict v) {
        if (history.isEmpty()) return title + "\n(waiting for the first sample)\n";
        Sample s = history.get(history.size() - 1);
        StringBuilder sb = new StringBuilder();
        sb.append(title).append("   uptime ").append(Durations.humanSeconds(s.uptimeMillis() / 1000.0)).append('\n');
        sb.append(String.format("%-22s %12s  %s%n", "", "now", "last " + history.size() + " samples"));
        row(sb, "heap used", ByteSize.formatOrUnknown(s.heapUsed()), Sample::heapUsed);
        row(sb, "heap committed", ByteSize.formatOrUnknown(s.heapCommitted()) + " / " + ByteSize.formatOrUnknown(s.heapMax()), Sample::heapCommitted);
        row(sb, "old gen after GC", ByteSize.formatOrUnknown(s.oldGenAfterLastGc()), Sample::oldGenAfterLastGc);
        row(sb, "alloc rate /s", ByteSize.formatOrUnknown(s.allocationRate()), Sample::allocationRate);
        row(sb, "GC count", Long.toString(s.gcCount()), Sample::gcCount);
        row(sb, "GC time ms", Long.toString(s.gcTimeMillis()), Sample::gcTimeMillis);
        row(sb, "RSS", ByteSize.formatOrUnknown(s.rssBytes()), Sample::rssBytes);
        if (s.rssBytes() >= 0 && s.heapResidentBytes() >= 0) {
            row(sb, "RSS outside heap", ByteSize.formatOrUnknown(s.outsideHeapBytes(true)), x -> x.outsideHeapBytes(true));
        }
        row(sb, "CPU", Double.isNaN(s.processCpuLoad()) ? "?" : String.format("%.0f%%", s.processCpuLoad() * 100),
                x -> x.processCpuLoad());
        row(sb, "threads", Integer.toString(s.threads()), Sample::threads);
        row(sb, "open fds", s.openFds() < 0 ? "?" : Long.toString(s.openFds()), Sample::openFds);
        row(sb, "direct buffers", ByteSize.formatOrUnknown(s.directBufferBytes()), Sample::directBufferBytes);
        row(sb, "mapped buffers", ByteSize.formatOrUnknown(s.mappedBufferBytes()), Sample::mappedBufferBytes);
        row(sb, "classes loaded", Long.toString(s.classesLoaded()), Sample::classesLoaded);
        row(sb, "metaspace", ByteSize.formatOrUnknown(s.metaspaceUsed()), Sample::metaspaceUsed);
        sb.append('\n');
        for (PoolUsage p : s.pools()) {
            if (!p.heap()) continue;
            sb.append(String.format("  %-20s %10s used %10s committed %10s max%n", p.name(), ByteSize.formatOrUnknown(p.used()),
                    ByteSize.formatOrUnknown(p.committed()), p.max() < 0 ? "-" : ByteSize.formatOrUnknown(p.max())));
        }
        for (CollectorTotals c : s.collectors()) {
            sb.append(String.format("  %-20s %6d GCs %8d ms  last cause: %s%n", c.name(), c.count(), c.timeMillis(),
                    c.lastCause().isEmpty() ? "-" : c.lastCause()));
        }
        sb.append('\n').append(VerdictText.oneLine(v)).append('\n');
        for (String m : messages) sb.append("  ").append(m).append('\n');
        return sb.toString();
    }

    private void row(StringBuilder sb, String name, String now, ToDoubleFunction<Sample> f) {
        List<Double> values = history.stream().map(f::applyAsDouble).toList();
        sb.append(String.format("%-22s %12s  %s%n", name, now, Sparkline.of(values, WIDTH)));
    }
}

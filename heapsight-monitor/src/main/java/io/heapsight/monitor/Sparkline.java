package io.heapsight.monitor;

import java.util.List;

/** A one-line chart of the last values with block characters, scaled between the series' min and max. */
public final class Sparkline {
    private static final char[] BARS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};

    private Sparkline() {}

    public static String of(List<? extends Number> values, int width) {
        List<? extends Number> tail = values.subList(Math.max(0, values.size() - width), values.size());
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (Number n : tail) {
            double v = n.doubleValue();
            if (v < 0 || Double.isNaN(v)) continue;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        StringBuilder sb = new StringBuilder();
        for (Number n : tail) {
            double v = n.doubleValue();
            if (v < 0 || Double.isNaN(v)) {
                sb.append(' ');
            } else if (max <= min) {
                sb.append(BARS[0]);
            } else {
                sb.append(BARS[(int) Math.round((v - min) / (max - min) * (BARS.length - 1))]);
            }
        }
        return sb.toString();
    }
}

package io.heapsight.charts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One chart of a page, as data for heapsight's chart script (charts.js, drawn with uPlot): bytes on the y axis, time
 * or dump number on the x axis, series of points on one shared x axis (a gap where a series has no value), a band
 * between two series, GC markers and a shaded span. The page places it with {@link Charts#figure}.
 */
public final class Chart {
    /** What the x values are: seconds since the epoch (drawn as clock time) or dump numbers 1, 2, 3... */
    public enum X { TIME, DUMP }

    /** How a series is drawn. */
    public enum Style { LINE, DASH, POINTS, FAINT_POINTS, LINE_POINTS, THIN }

    /** A GC marker's kind: a young collection (short tick), an old/mixed one (taller tick), a full one (a line). */
    public enum Marker { YOUNG, OLD, FULL }

    private record Series(String label, Style style, String color) {}

    private record Band(int upper, int lower, String fill) {}

    private record Mark(double x, Marker kind) {}

    private final String id;
    private final X x;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private final List<Band> bands = new ArrayList<>();
    private final List<Mark> marks = new ArrayList<>();
    private final TreeMap<Double, double[]> rows = new TreeMap<>();
    private double shadeFrom = Double.NaN;
    private double shadeTo = Double.NaN;
    private String shadeLabel;
    private boolean fromZero;

    /** @param id letters, digits and '-' only: the figure's data-chart attribute */
    public Chart(String id, X x, String xLabel, String yLabel) {
        if (!id.matches("[A-Za-z0-9-]+")) throw new IllegalArgumentException("chart id: " + id);
        this.id = id;
        this.x = x;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public String id() {
        return id;
    }

    /** Adds a series and returns its index for {@link #put}. */
    public int series(String label, Style style, String color) {
        series.add(new Series(label, style, color));
        return series.size() - 1;
    }

    /** Series {@code s}'s value at x; NaN or infinite values are left out (nothing to draw there). */
    public Chart put(int s, double xValue, double y) {
        if (s < 0 || s >= series.size()) throw new IndexOutOfBoundsException("series " + s);
        if (!Double.isFinite(xValue) || !Double.isFinite(y)) return this;
        rows.computeIfAbsent(xValue, k -> new double[0]);
        double[] row = rows.get(xValue);
        if (row.length <= s) {
            int old = row.length;
            row = Arrays.copyOf(row, series.size());
            Arrays.fill(row, old, row.length, Double.NaN);
            rows.put(xValue, row);
        }
        row[s] = y;
        return this;
    }

    /** Fills the area between two series (upper first). */
    public Chart band(int upper, int lower, String fill) {
        bands.add(new Band(upper, lower, fill));
        return this;
    }

    public Chart marker(double xValue, Marker kind) {
        if (Double.isFinite(xValue)) marks.add(new Mark(xValue, kind));
        return this;
    }

    /** A shaded span of x, e.g. the warm-up the verdict ignored. */
    public Chart shade(double from, double to, String label) {
        this.shadeFrom = from;
        this.shadeTo = to;
        this.shadeLabel = label;
        return this;
    }

    /** The y axis starts at zero (sizes per dump); otherwise it fits the data (a trend's slope stays visible). */
    public Chart fromZero() {
        this.fromZero = true;
        return this;
    }

    /** Columns: distinct x values with at least one point. */
    public int columns() {
        return rows.size();
    }

    public void write(JsonOut json) {
        json.beginObject().field("id", id).field("x", x.name().toLowerCase(java.util.Locale.ROOT))
                .field("xLabel", xLabel).field("yLabel", yLabel).field("fromZero", fromZero);
        json.name("series").beginArray();
        for (Series s : series) {
            json.beginObject().field("label", s.label()).field("style", s.style().name().toLowerCase(java.util.Locale.ROOT))
                    .field("color", s.color()).endObject();
        }
        json.endArray();
        json.name("xs").beginArray();
        for (double v : rows.keySet()) json.value(v);
        json.endArray();
        json.name("ys").beginArray();
        for (int s = 0; s < series.size(); s++) {
            json.beginArray();
            for (Map.Entry<Double, double[]> row : rows.entrySet()) {
                double[] r = row.getValue();
                json.value(s < r.length ? r[s] : Double.NaN);
            }
            json.endArray();
        }
        json.endArray();
        json.name("bands").beginArray();
        for (Band b : bands) json.beginObject().field("upper", b.upper()).field("lower", b.lower()).field("fill", b.fill()).endObject();
        json.endArray();
        json.name("markers").beginArray();
        for (Mark m : marks) json.beginObject().field("x", m.x()).field("kind", m.kind().name().toLowerCase(java.util.Locale.ROOT)).endObject();
        json.endArray();
        if (Double.isFinite(shadeFrom) && Double.isFinite(shadeTo) && shadeTo > shadeFrom) {
            json.name("shade").beginObject().field("from", shadeFrom).field("to", shadeTo).field("label", shadeLabel).endObject();
        }
        json.endObject();
    }
}

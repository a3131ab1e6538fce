package io.heapsight.monitor;

import java.util.Arrays;

/**
 * A robust linear trend of (x, y) points: the Theil–Sen slope (median of all pairwise slopes), Sen's 95% confidence
 * interval for it, and the Mann–Kendall test of a monotone trend. Robust means one outlier (a burst before a
 * GC, a slow collection) cannot tilt it, unlike least squares.
 *
 * @param slope      median pairwise slope, y units per x unit
 * @param intercept  median of y - slope * x
 * @param slopeLow   lower bound of the 95% confidence interval of the slope
 * @param slopeHigh  upper bound of the 95% confidence interval of the slope
 * @param kendallS   Mann–Kendall S: concordant minus discordant pairs
 * @param kendallZ   S normalised by its standard deviation under "no trend" (continuity-corrected)
 */
public record Trend(int n, double slope, double intercept, double slopeLow, double slopeHigh, long kendallS, double kendallZ,
                    double xFirst, double xLast) {

    /** Above this many points the pairwise work is done on an evenly thinned subset (n² grows fast). */
    static final int MAX_POINTS = 400;

    public static Trend of(double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException("x and y differ in length");
        int n = x.length;
        if (n < 2) return new Trend(n, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, n == 1 ? x[0] : Double.NaN,
                n == 1 ? x[0] : Double.NaN);
        if (n > MAX_POINTS) {
            double[] tx = new double[MAX_POINTS];
            double[] ty = new double[MAX_POINTS];
            for (int i = 0; i < MAX_POINTS; i++) {
                int j = (int) Math.round(i * (n - 1) / (double) (MAX_POINTS - 1));
                tx[i] = x[j];
                ty[i] = y[j];
            }
            return of(tx, ty);
        }
        // primitive, not List<Double>: this runs on every sample inside the watched JVM too (heapsight-agent)
        double[] slopes = new double[n * (n - 1) / 2];
        int count = 0;
        long s = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dx = x[j] - x[i];
                double dy = y[j] - y[i];
                if (dx == 0) continue;
                slopes[count++] = dy / dx;
                s += (long) Math.signum(dy * dx);
            }
        }
        if (count == 0) return new Trend(n, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, x[0], x[n - 1]);
        double[] sorted = count == slopes.length ? slopes : Arrays.copyOf(slopes, count);
        Arrays.sort(sorted);
        double slope = median(sorted);
        double[] residual = new double[n];
        for (int i = 0; i < n; i++) residual[i] = y[i] - slope * x[i];
        Arrays.sort(residual);
        double intercept = median(residual);
        double sd = Math.sqrt(n * (n - 1.0) * (2.0 * n + 5.0) / 18.0);
        double z = s > 0 ? (s - 1) / sd : s < 0 ? (s + 1) / sd : 0;
        // Sen (1968): the 95% interval lies between the (N - C)/2-th and (N + C)/2-th ordered slopes, C = 1.96 sd
        int m = sorted.length;
        double c = 1.96 * sd;
        int lo = (int) Math.max(0, Math.floor((m - c) / 2.0) - 1);
        int hi = (int) Math.min(m - 1, Math.ceil((m + c) / 2.0));
        double xMin = Arrays.stream(x).min().orElse(Double.NaN);
        double xMax = Arrays.stream(x).max().orElse(Double.NaN);
        return new Trend(n, slope, intercept, sorted[lo], sorted[hi], s, z, xMin, xMax);
    }

    /** Probability (normal approximation of Mann–Kendall) that the series truly rises. */
    public double probabilityRising() {
        return n < 3 ? 0.5 : normalCdf(kendallZ);
    }

    /** The fitted value at x. */
    public double at(double xValue) {
        return intercept + slope * xValue;
    }

    public double span() {
        return xLast - xFirst;
    }

    static double median(double[] sorted) {
        int m = sorted.length;
        return m % 2 == 1 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2.0;
    }

    /** Standard normal CDF (Abramowitz & Stegun 7.1.26 erf, error below 1.5e-7). */
    static double normalCdf(double z) {
        double t = 1.0 / (1.0 + 0.3275911 * Math.abs(z) / Math.sqrt(2));
        double erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t
                * Math.exp(-z * z / 2);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}

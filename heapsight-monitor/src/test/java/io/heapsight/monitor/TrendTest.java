package io.heapsight.monitor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TrendTest {

    @Test
    void theilSenIgnoresOneOutlierThatTiltsLeastSquares() {
        // pairwise slopes: six of 1, then 25, 33, 49, 97 -> median of 10 = mean of 5th and 6th = 1
        Trend t = Trend.of(new double[]{0, 1, 2, 3, 4}, new double[]{0, 1, 2, 3, 100});
        assertThat(t.slope()).isEqualTo(1.0);
        // residuals y - x: 0, 0, 0, 0, 96 -> median 0
        assertThat(t.intercept()).isEqualTo(0.0);
        // all 10 pairs concordant: S = 10, var = 5*4*15/18, Z = (10-1)/sqrt(16.667) = 2.2045
        assertThat(t.kendallS()).isEqualTo(10);
        assertThat(t.kendallZ()).isCloseTo(2.2045, within(1e-3));
        // Phi(2.2045) = 0.98626 (normal table)
        assertThat(t.probabilityRising()).isCloseTo(0.98626, within(1e-3));
    }

    @Test
    void flatSeriesHasNoTrend() {
        Trend t = Trend.of(new double[]{0, 1, 2, 3, 4, 5}, new double[]{5, 5, 5, 5, 5, 5});
        assertThat(t.slope()).isEqualTo(0.0);
        assertThat(t.kendallS()).isZero();
        assertThat(t.probabilityRising()).isCloseTo(0.5, within(1e-6));
    }

    @Test
    void confidenceIntervalContainsTheSlopeAndNarrowsWithMorePoints() {
        double[] x = new double[40];
        double[] y = new double[40];
        for (int i = 0; i < 40; i++) {
            x[i] = i;
            y[i] = 2 * i + (i % 2 == 0 ? 1 : -1);   // slope 2 with +-1 zigzag
        }
        Trend t = Trend.of(x, y);
        assertThat(t.slope()).isCloseTo(2.0, within(0.1));
        assertThat(t.slopeLow()).isLessThanOrEqualTo(t.slope()).isGreaterThan(1.5);
        assertThat(t.slopeHigh()).isGreaterThanOrEqualTo(t.slope()).isLessThan(2.5);
    }

    @Test
    void normalCdfMatchesTableValues() {
        assertThat(Trend.normalCdf(0)).isCloseTo(0.5, within(1e-7));
        assertThat(Trend.normalCdf(1.96)).isCloseTo(0.975, within(1e-4));
        assertThat(Trend.normalCdf(-1.0)).isCloseTo(0.158655, within(1e-5));
    }

    @Test
    void manyPointsAreThinnedButKeepTheSlope() {
        int n = 2000;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * 1000.0;
            y[i] = 3.0 * x[i] + 7;
        }
        Trend t = Trend.of(x, y);
        assertThat(t.n()).isEqualTo(Trend.MAX_POINTS);
        assertThat(t.slope()).isCloseTo(3.0, within(1e-9));
        assertThat(t.at(1000)).isCloseTo(3007, within(1e-6));
    }
}

package io.heapsight.agent;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.resources.Resource;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.StateSet;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OtlpMetricsTest {
    private static final long START = 1_000_000_000L;
    private static final long NOW = 5_000_000_000L;

    private static Map<String, MetricData> convert(PrometheusRegistry registry) {
        return OtlpMetrics.convert(registry.scrape(), Resource.empty(), START, NOW).stream()
                .collect(Collectors.toMap(MetricData::getName, m -> m));
    }

    @Test
    void gaugesKeepTheirPrometheusNameLabelsAndValueWithTheUnitInUcum() {
        PrometheusRegistry r = new PrometheusRegistry();
        Gauge g = Gauge.builder().name("jvm_memory_used_bytes").unit(Unit.BYTES).help("used").labelNames("jvm_memory_pool_name").register(r);
        g.labelValues("G1 Old Gen").set(123_456);
        g.labelValues("G1 Eden Space").set(7);
        MetricData m = convert(r).get("jvm_memory_used_bytes");
        assertThat(m.getType()).isEqualTo(MetricDataType.DOUBLE_GAUGE);
        assertThat(m.getUnit()).isEqualTo("By");
        assertThat(m.getDescription()).isEqualTo("used");
        Map<String, Double> byPool = m.getDoubleGaugeData().getPoints().stream().collect(Collectors.toMap(
                p -> p.getAttributes().get(AttributeKey.stringKey("jvm_memory_pool_name")), DoublePointData::getValue));
        assertThat(byPool).containsExactlyInAnyOrderEntriesOf(Map.of("G1 Old Gen", 123_456.0, "G1 Eden Space", 7.0));
        assertThat(m.getDoubleGaugeData().getPoints()).allSatisfy(p -> assertThat(p.getEpochNanos()).isEqualTo(NOW));
    }

    @Test
    void countersAreMonotonicCumulativeSumsFromTheStartWithoutTheTotalSuffix() {
        long before = System.currentTimeMillis();
        PrometheusRegistry r = new PrometheusRegistry();
        Counter c = Counter.builder().name("heapsight_dumps").help("dumps").register(r);
        c.inc();
        c.inc();
        MetricData m = convert(r).get("heapsight_dumps");
        assertThat(m.getType()).isEqualTo(MetricDataType.DOUBLE_SUM);
        assertThat(m.getDoubleSumData().isMonotonic()).isTrue();
        assertThat(m.getDoubleSumData().getAggregationTemporality()).isEqualTo(AggregationTemporality.CUMULATIVE);
        DoublePointData p = m.getDoubleSumData().getPoints().iterator().next();
        assertThat(p.getValue()).isEqualTo(2.0);
        // the counter's own creation time (a callback counter has none: it gets the start given)
        assertThat(p.getStartEpochNanos()).isBetween(before * 1_000_000, System.currentTimeMillis() * 1_000_000);
    }

    @Test
    void classicHistogramsBecomeExplicitBucketsWithPerBucketCounts() {
        PrometheusRegistry r = new PrometheusRegistry();
        Histogram h = Histogram.builder().name("jvm_gc_duration_seconds").unit(Unit.SECONDS).help("gc")
                .classicOnly().classicUpperBounds(0.01, 0.1, 1, 10).register(r);
        for (double v : new double[]{0.005, 0.05, 0.05, 5, 50}) h.observe(v);
        MetricData m = convert(r).get("jvm_gc_duration_seconds");
        assertThat(m.getType()).isEqualTo(MetricDataType.HISTOGRAM);
        assertThat(m.getUnit()).isEqualTo("s");
        HistogramPointData p = m.getHistogramData().getPoints().iterator().next();
        assertThat(p.getBoundaries()).containsExactly(0.01, 0.1, 1.0, 10.0);
        // (-inf, 0.01] 1, (0.01, 0.1] 2, (0.1, 1] 0, (1, 10] 1, (10, +inf) 1
        assertThat(p.getCounts()).containsExactly(1L, 2L, 0L, 1L, 1L);
        assertThat(p.getCount()).isEqualTo(5);
        assertThat(p.getSum()).isCloseTo(55.105, within(1e-9));
    }

    @Test
    void aStateSetIsAGaugeWithOnePointPerStateLabelledAsInOpenMetrics() {
        PrometheusRegistry r = new PrometheusRegistry();
        StateSet s = StateSet.builder().name("heapsight_leak_verdict").help("verdict").states("leak", "no-leak", "inconclusive").register(r);
        s.setTrue("leak");
        s.setFalse("no-leak");
        s.setFalse("inconclusive");
        MetricData m = convert(r).get("heapsight_leak_verdict");
        assertThat(m.getType()).isEqualTo(MetricDataType.DOUBLE_GAUGE);
        Map<String, Double> states = m.getDoubleGaugeData().getPoints().stream().collect(Collectors.toMap(
                p -> p.getAttributes().get(AttributeKey.stringKey("heapsight_leak_verdict")), DoublePointData::getValue));
        assertThat(states).containsExactlyInAnyOrderEntriesOf(Map.of("leak", 1.0, "no-leak", 0.0, "inconclusive", 0.0));
    }

    @Test
    void aCallbackWithNothingToSayIsLeftOutAsOnMetrics() {
        PrometheusRegistry r = new PrometheusRegistry();
        GaugeWithCallback.builder().name("heapsight_live_set_bytes").help("x").callback(cb -> { }).register(r);
        assertThat(OtlpMetrics.convert(r.scrape(), Resource.empty(), START, NOW)).isEmpty();
        assertThat(List.of("bytes", "seconds", "ratio", "celsius").stream().map(OtlpMetrics::ucum)).containsExactly("By", "s", "1", "celsius");
    }
}

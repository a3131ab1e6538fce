package io.heapsight.agent;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableDoublePointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableGaugeData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableHistogramData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableHistogramPointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableMetricData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableSumData;
import io.opentelemetry.sdk.resources.Resource;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * One scrape of the agent's Prometheus registry as OpenTelemetry metric data, so OTLP carries exactly what /metrics
 * serves. Names stay the Prometheus names (a collector's Prometheus exporter or Prometheus's OTLP receiver adds
 * {@code _total} to counters and gets the same series back); units become UCUM ({@code By}, {@code s}). Gauges are
 * gauges, counters monotonic cumulative sums, classic histograms explicit-bucket histograms; a state set, which OTLP
 * lacks, is a gauge with one point per state (1 for the state that holds), labelled as in OpenMetrics.
 */
final class OtlpMetrics {
    private static final InstrumentationScopeInfo SCOPE = InstrumentationScopeInfo.create("io.heapsight.agent");

    private OtlpMetrics() {}

    /**
     * @param startEpochNanos when the cumulative values began (the JVM's start for the agent)
     * @param nowEpochNanos   the time of this collection
     */
    static List<MetricData> convert(MetricSnapshots snapshots, Resource resource, long startEpochNanos, long nowEpochNanos) {
        List<MetricData> out = new ArrayList<>();
        for (MetricSnapshot snapshot : snapshots) {
            MetricData m = convert(snapshot, resource, startEpochNanos, nowEpochNanos);
            if (m != null) out.add(m);
        }
        return out;
    }

    private static MetricData convert(MetricSnapshot snapshot, Resource resource, long start, long now) {
        MetricMetadata meta = snapshot.getMetadata();
        String name = meta.getName();
        String help = meta.getHelp() == null ? "" : meta.getHelp();
        String unit = meta.hasUnit() ? ucum(meta.getUnit().toString()) : "";
        if (snapshot instanceof GaugeSnapshot g) {
            List<DoublePointData> points = new ArrayList<>();
            for (GaugeSnapshot.GaugeDataPointSnapshot p : g.getDataPoints()) {
                points.add(ImmutableDoublePointData.create(start, now, attributes(p.getLabels(), null, null), p.getValue()));
            }
            return points.isEmpty() ? null : ImmutableMetricData.createDoubleGauge(resource, SCOPE, name, help, unit, ImmutableGaugeData.create(points));
        }
        if (snapshot instanceof UnknownSnapshot u) {
            List<DoublePointData> points = new ArrayList<>();
            for (UnknownSnapshot.UnknownDataPointSnapshot p : u.getDataPoints()) {
                points.add(ImmutableDoublePointData.create(start, now, attributes(p.getLabels(), null, null), p.getValue()));
            }
            return points.isEmpty() ? null : ImmutableMetricData.createDoubleGauge(resource, SCOPE, name, help, unit, ImmutableGaugeData.create(points));
        }
        if (snapshot instanceof CounterSnapshot c) {
            List<DoublePointData> points = new ArrayList<>();
            for (CounterSnapshot.CounterDataPointSnapshot p : c.getDataPoints()) {
                points.add(ImmutableDoublePointData.create(startOf(p, start), now, attributes(p.getLabels(), null, null), p.getValue()));
            }
            return points.isEmpty() ? null : ImmutableMetricData.createDoubleSum(resource, SCOPE, name, help, unit,
                    ImmutableSumData.create(true, AggregationTemporality.CUMULATIVE, points));
        }
        if (snapshot instanceof StateSetSnapshot ss) {
            List<DoublePointData> points = new ArrayList<>();
            for (StateSetSnapshot.StateSetDataPointSnapshot p : ss.getDataPoints()) {
                for (int i = 0; i < p.size(); i++) {
                    points.add(ImmutableDoublePointData.create(start, now, attributes(p.getLabels(), name, p.getName(i)), p.isTrue(i) ? 1 : 0));
                }
            }
            return points.isEmpty() ? null : ImmutableMetricData.createDoubleGauge(resource, SCOPE, name, help, unit, ImmutableGaugeData.create(points));
        }
        if (snapshot instanceof HistogramSnapshot h) {
            List<HistogramPointData> points = new ArrayList<>();
            for (HistogramSnapshot.HistogramDataPointSnapshot p : h.getDataPoints()) {
                if (p.hasClassicHistogramData()) points.add(histogramPoint(p, startOf(p, start), now));
            }
            return points.isEmpty() ? null : ImmutableMetricData.createDoubleHistogram(resource, SCOPE, name, help, unit,
                    ImmutableHistogramData.create(AggregationTemporality.CUMULATIVE, points));
        }
        return null;    // summaries and info metrics: the agent registers none
    }

    /** OTLP's explicit bounds leave out +Inf; its counts are per bucket, as the client's classic buckets are. */
    private static HistogramPointData histogramPoint(HistogramSnapshot.HistogramDataPointSnapshot p, long start, long now) {
        ClassicHistogramBuckets buckets = p.getClassicBuckets();
        List<Double> bounds = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (int i = 0; i < buckets.size(); i++) {
            if (!Double.isInfinite(buckets.getUpperBound(i))) bounds.add(buckets.getUpperBound(i));
            counts.add(buckets.getCount(i));
        }
        if (counts.size() == bounds.size()) counts.add(0L);     // no +Inf bucket given: nothing above the last bound
        double sum = p.hasSum() ? p.getSum() : Double.NaN;
        return ImmutableHistogramPointData.create(start, now, attributes(p.getLabels(), null, null), sum, false, 0, false, 0, bounds, counts);
    }

    private static long startOf(DataPointSnapshot p, long start) {
        return p.hasCreatedTimestamp() ? p.getCreatedTimestampMillis() * 1_000_000L : start;
    }

    private static Attributes attributes(Labels labels, String extraName, String extraValue) {
        AttributesBuilder b = Attributes.builder();
        for (int i = 0; i < labels.size(); i++) b.put(labels.getName(i), labels.getValue(i));
        if (extraName != null) b.put(extraName, extraValue);
        return b.build();
    }

    /** The Prometheus client's unit words as UCUM, which OTLP uses; others pass through. */
    static String ucum(String unit) {
        return switch (unit) {
            case "bytes" -> "By";
            case "seconds" -> "s";
            case "ratio" -> "1";
            default -> unit;
        };
    }
}

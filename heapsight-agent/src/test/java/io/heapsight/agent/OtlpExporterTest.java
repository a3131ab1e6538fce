package io.heapsight.agent;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OtlpExporterTest {
    @Test
    void theCollectorsBaseAddressGetsTheMetricsPathAsOtelExporterOtlpEndpointDoes() {
        assertThat(OtlpExporter.endpoint("http://collector:4318")).hasToString("http://collector:4318/v1/metrics");
        assertThat(OtlpExporter.endpoint("http://collector:4318/")).hasToString("http://collector:4318/v1/metrics");
        assertThat(OtlpExporter.endpoint("https://otlp.example.com/otlp")).hasToString("https://otlp.example.com/otlp/v1/metrics");
        assertThat(OtlpExporter.endpoint("http://collector:4318/v1/metrics")).hasToString("http://collector:4318/v1/metrics");
        assertThatThrownBy(() -> OtlpExporter.endpoint("http://me:secret@collector:4318")).hasMessageStartingWith("otlp: no user:password")
                .hasMessageNotContaining("secret");
        for (String bad : new String[]{"collector:4318", "grpc://collector:4317", "http://", "http://c:4318/?a=b", "not a url"}) {
            assertThatThrownBy(() -> OtlpExporter.endpoint(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("otlp needs the collector's http(s) address, e.g. http://collector:4318");
        }
    }

    @Test
    void theWaitDoublesPerFailureUpToFiveMinutes() {
        Duration s = Duration.ofSeconds(1);
        assertThat(OtlpExporter.backoff(s, 1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(OtlpExporter.backoff(s, 3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(OtlpExporter.backoff(Duration.ofSeconds(60), 3)).isEqualTo(Duration.ofMinutes(5));
        assertThat(OtlpExporter.backoff(Duration.ofSeconds(60), 1000)).isEqualTo(Duration.ofMinutes(5));
        assertThat(OtlpExporter.backoff(Duration.ofMinutes(10), 2)).as("never shorter than the interval").isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void theResourceNamesThisJvmAndHonoursTheStandardVariables() {
        Resource r = OtlpExporter.resource(4242, Map.of("OTEL_SERVICE_NAME", "checkout",
                "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=prod,team=pay%20ments,broken"));
        assertThat(r.getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("checkout");
        assertThat(r.getAttribute(AttributeKey.longKey("process.pid"))).isEqualTo(4242L);
        assertThat(r.getAttribute(AttributeKey.stringKey("deployment.environment"))).isEqualTo("prod");
        assertThat(r.getAttribute(AttributeKey.stringKey("team"))).isEqualTo("pay ments");
        assertThat(r.getAttribute(AttributeKey.stringKey("service.instance.id"))).startsWith("4242");
        assertThat(OtlpExporter.resource(1, Map.of()).getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("unknown_service:java");
        assertThat(OtlpExporter.pairs("Authorization=Bearer%20abc, x-tenant = 7")).containsExactly(
                Map.entry("Authorization", "Bearer abc"), Map.entry("x-tenant", "7"));
    }

    @Test
    void failuresAreSaidInAFewWords() {
        ConnectException refused = new ConnectException();
        refused.initCause(new ClosedChannelException());
        assertThat(OtlpExporter.describe(FailedExportException.httpFailedExceptionally(refused))).isEqualTo("connection refused");
        ConnectException unresolved = new ConnectException();
        unresolved.initCause(new java.nio.channels.UnresolvedAddressException());
        assertThat(OtlpExporter.describe(FailedExportException.httpFailedExceptionally(unresolved))).isEqualTo("unknown host");
        assertThat(OtlpExporter.describe(new IllegalStateException("multi\nline"))).isEqualTo("IllegalStateException: multi line");
    }
}

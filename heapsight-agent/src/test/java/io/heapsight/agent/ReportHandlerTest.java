package io.heapsight.agent;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** /report beside /metrics on the exporter's server: the page for GET, nothing for other methods, the rest untouched. */
class ReportHandlerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(int port, String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesThePageAtReportAndLeavesMetricsAndTheIndexToThePrometheusClient() throws Exception {
        int[] calls = {0};
        try (PrometheusExporter exporter = PrometheusExporter.start("127.0.0.1:0", () -> "<!DOCTYPE html><p>page " + ++calls[0])) {
            int port = exporter.address().getPort();
            HttpResponse<String> page = send(port, "GET", "/report");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).isEqualTo("<!DOCTYPE html><p>page 1");
            assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
            assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(send(port, "GET", "/report").body()).as("made at each request").endsWith("page 2");
            assertThat(send(port, "POST", "/report").statusCode()).isEqualTo(405);
            assertThat(send(port, "GET", "/metrics").body()).contains("heapsight_leak_verdict");
            assertThat(send(port, "GET", "/").statusCode()).isEqualTo(200);
            assertThat(send(port, "GET", "/reports").body()).doesNotContain("page ");
        }
    }

    @Test
    void aPageThatFailsToRenderIsA500WithTheReasonNotAHangingRequest() throws Exception {
        try (PrometheusExporter exporter = PrometheusExporter.start("127.0.0.1:0", () -> {
            throw new IllegalStateException("boom");
        })) {
            HttpResponse<String> r = send(exporter.address().getPort(), "GET", "/report");
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body()).contains("boom");
        }
    }
}

package io.heapsight.load;

import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParsingTest {

    @Test
    void targets() {
        assertThat(TargetPolicy.check("http://127.0.0.1:8080/api/x", false).getPort()).isEqualTo(8080);
        assertThat(TargetPolicy.check("http://localhost:8080/api/x?id={n}", false).getHost()).isEqualTo("localhost");
        assertThat(TargetPolicy.check("ws://[::1]:8080/ws/prices", false).getScheme()).isEqualTo("ws");
        assertThat(TargetPolicy.check("http://10.1.2.3/", true).getHost()).isEqualTo("10.1.2.3");
        assertThatThrownBy(() -> TargetPolicy.check("http://10.1.2.3/", false))
                .hasMessageContaining("not a loopback address").hasMessageContaining("--allow-remote");
        assertThatThrownBy(() -> TargetPolicy.check("ftp://127.0.0.1/", false)).hasMessageContaining("http(s) or ws(s)");
        assertThatThrownBy(() -> TargetPolicy.check("127.0.0.1:8080", false)).hasMessageContaining("e.g. http://127.0.0.1:8080/");
        assertThatThrownBy(() -> TargetPolicy.check("/api/x", false)).hasMessageContaining("http(s) or ws(s)");
        assertThatThrownBy(() -> TargetPolicy.check("http://exa mple/", false)).hasMessageContaining("not a URL");
    }

    @Test
    void webSocketUrisFollowTheHttpScheme() {
        assertThat(RequestSender.toWebSocket(java.net.URI.create("http://127.0.0.1:1/ws/prices")).toString())
                .isEqualTo("ws://127.0.0.1:1/ws/prices");
        assertThat(RequestSender.toWebSocket(java.net.URI.create("https://127.0.0.1:1/ws")).toString())
                .isEqualTo("wss://127.0.0.1:1/ws");
    }

    @Test
    void latencyPercentilesAreNearestRank() {
        long[] ms = new long[100];
        for (int i = 0; i < 100; i++) ms[i] = (100 - i) * 1_000_000L;   // 100 ms down to 1 ms
        LatencySummary s = LatencySummary.of(ms, 100);
        assertThat(s.p50Ms()).isEqualTo(50.0);
        assertThat(s.p95Ms()).isEqualTo(95.0);
        assertThat(s.p99Ms()).isEqualTo(99.0);
        assertThat(s.maxMs()).isEqualTo(100.0);
    }
}

package io.heapsight.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heapsight.common.Durations;
import io.heapsight.common.LeakVerdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadDriverTest {

    private FakeTarget target;

    @BeforeEach
    void start() throws Exception {
        target = new FakeTarget(true);
    }

    @AfterEach
    void stop() {
        target.close();
    }

    private LoadOptions options(String path) {
        return LoadOptions.of(target.url(path)).withConcurrency(4).withDuration(Duration.ofSeconds(30));
    }

    @Test
    void growingTargetIsALeakWithExactBeforeAndAfter() {
        LoadResult r = LoadDriver.run(options("/grow").withRequests(200));
        // the preflight request is sent before the first reading, so it is in both numbers
        long before = FakeTarget.BASE_LIVE + FakeTarget.GROWTH_PER_HIT;
        assertThat(r.liveBeforeBytes()).isEqualTo(before);
        assertThat(r.liveAfterBytes()).isEqualTo(before + 200 * 50 * 1024);   // +10,240,000 bytes > 4 MiB
        assertThat(r.verdict()).isEqualTo(LeakVerdict.LEAK);
        assertThat(r.requests()).isEqualTo(200);
        assertThat(target.growHits.get()).isEqualTo(201);
        assertThat(target.collects.get()).isEqualTo(2);   // a forced GC before and after
        assertThat(r.verdictLine()).isEqualTo("live set 20.0 MB → 29.8 MB (+9.8 MB, 50.0 KB per request) in "
                + Durations.human(r.duration()) + ": leak");
    }

    @Test
    void flatTargetIsStable() {
        LoadResult r = LoadDriver.run(options("/flat").withRequests(300));
        assertThat(r.verdict()).isEqualTo(LeakVerdict.NO_LEAK);
        assertThat(r.liveAfterBytes()).isEqualTo(r.liveBeforeBytes());
        assertThat(r.requests()).isEqualTo(300);
        assertThat(r.errors()).isZero();
        assertThat(r.outcomes()).containsExactly(java.util.Map.entry("200", 300L));
        assertThat(target.flatHits.get()).isEqualTo(301);
        assertThat(r.verdictLine()).endsWith(": no-leak").contains("(0 B)");
    }

    @Test
    void warmupRequestsAreNotMeasured() {
        LoadResult r = LoadDriver.run(options("/grow").withRequests(10).withWarmup(40).withLeakRule(new LeakRule(0, 0)));
        assertThat(r.liveBeforeBytes()).isEqualTo(FakeTarget.BASE_LIVE + 41 * FakeTarget.GROWTH_PER_HIT);
        assertThat(r.growthBytes()).isEqualTo(10 * FakeTarget.GROWTH_PER_HIT);
        assertThat(target.growHits.get()).isEqualTo(51);
    }

    @Test
    void placeholderGivesEveryRequestItsOwnNumber() {
        LoadResult r = LoadDriver.run(options("/flat?id={n}").withRequests(150));
        assertThat(r.requests()).isEqualTo(150);
        List<String> expected = new ArrayList<>(LongStream.rangeClosed(1, 150).mapToObj(Long::toString).toList());
        expected.add("0");   // the preflight request
        assertThat(target.ids).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void durationBoundsTheRun() {
        LoadResult r = LoadDriver.run(options("/slow").withConcurrency(2).withDuration(Duration.ofMillis(1500)));
        assertThat(r.duration()).isBetween(Duration.ofMillis(1400), Duration.ofMillis(4000));
        // 2 workers x 1.5 s / 50 ms = 60 at most, fewer on a busy machine
        assertThat(r.requests()).isBetween(5L, 62L);
    }

    @Test
    void failingRequestsAreCountedAsErrors() {
        LoadResult r = LoadDriver.run(options("/fail").withRequests(25));
        assertThat(r.requests()).isEqualTo(25);
        assertThat(r.errors()).isEqualTo(25);
        assertThat(r.outcomes()).containsEntry("500", 25L);
        assertThat(r.firstError()).startsWith("HTTP 500 from http://127.0.0.1:");
    }

    @Test
    void targetWithoutDiagnosticsRunsButGivesNoVerdict() throws Exception {
        try (FakeTarget plain = new FakeTarget(false)) {
            LoadResult r = LoadDriver.run(LoadOptions.of(plain.url("/flat")).withConcurrency(2).withRequests(20));
            assertThat(r.requests()).isEqualTo(20);
            assertThat(r.verdict()).isEqualTo(LeakVerdict.INCONCLUSIVE);
            assertThat(r.verdictLine()).startsWith("live set not measured (").endsWith("): no verdict")
                    .contains("/api/diagnostics answered HTTP 404");
        }
    }

    @Test
    void noProbeMeansNoVerdict() {
        LoadResult r = LoadDriver.run(options("/grow").withRequests(5).withProbe(null));
        assertThat(r.verdict()).isEqualTo(LeakVerdict.INCONCLUSIVE);
        assertThat(r.liveBeforeBytes()).isEqualTo(-1);
    }

    @Test
    void wrongPathFailsFastWithTheStatus() {
        assertThatThrownBy(() -> LoadDriver.run(options("/nope").withRequests(100)))
                .isInstanceOf(LoadException.class)
                .hasMessageEndingWith("/nope answered HTTP 404: check the path")
                .extracting(e -> ((LoadException) e).reason()).isEqualTo(LoadException.Reason.BAD_TARGET);
    }

    @Test
    void unreachableTargetFailsFast() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> LoadDriver.run(LoadOptions.of("http://127.0.0.1:" + closedPort + "/x")))
                .isInstanceOf(LoadException.class)
                .hasMessageContaining("cannot reach http://127.0.0.1:" + closedPort + "/x: connection refused")
                .extracting(e -> ((LoadException) e).reason()).isEqualTo(LoadException.Reason.UNREACHABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void remoteTargetIsRefusedBeforeAnyTraffic() {
        assertThatThrownBy(() -> LoadDriver.run(LoadOptions.of("http://192.0.2.10:8080/api/bigstring")))
                .isInstanceOf(LoadException.class)
                .hasMessageContaining("192.0.2.10 is not a loopback address")
                .extracting(e -> ((LoadException) e).reason()).isEqualTo(LoadException.Reason.REMOTE_NOT_ALLOWED);
    }

    @Test
    void jsonCarriesTheVerdictAndCounts() throws Exception {
        LoadResult r = LoadDriver.run(options("/grow").withRequests(100));
        JsonNode json = new ObjectMapper().readTree(r.toJson());
        assertThat(json.get("verdict").asText()).isEqualTo("leak");
        assertThat(json.get("requests").asLong()).isEqualTo(100);
        assertThat(json.get("errors").asLong()).isZero();
        assertThat(json.get("liveAfterBytes").asLong() - json.get("liveBeforeBytes").asLong()).isEqualTo(100 * 51200);
        assertThat(json.get("before").get("threads").asLong()).isEqualTo(21);
        assertThat(r.toJson()).doesNotContain("\n").startsWith("{\"verdict\":\"leak\"");
    }

    @Test
    void progressIsReported() {
        List<Long> seen = new ArrayList<>();
        LoadDriver.run(options("/slow").withConcurrency(2).withDuration(Duration.ofMillis(1200))
                .withProgressEvery(Duration.ofMillis(300)).withListener(new LoadListener() {
                    @Override
                    public void progress(long requests, long errors, Duration elapsed) {
                        seen.add(requests);
                    }
                }));
        assertThat(seen).hasSizeGreaterThanOrEqualTo(2).isSorted();
    }
}

package io.heapsight.junit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeapAssertionsTest {
    /** A leak worth naming: a static map that only grows. */
    static final class SessionRegistry {
        static final Map<Integer, byte[]> SESSIONS = new HashMap<>();
        static int next;
    }

    static final List<byte[]> CHURN_SINK = new ArrayList<>();

    @Test
    void leakingActionFailsAndTheMessageNamesTheField() {
        // 2,000 runs x 1 KB = ~2 MB of growth against a 512 KB limit
        assertThatThrownBy(() -> HeapAssertions.leakCheck().iterations(2_000).maxGrowth(512 * 1024)
                .run(() -> SessionRegistry.SESSIONS.put(SessionRegistry.next++, new byte[1024])))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("live set grew by")
                .hasMessageContaining("io.heapsight.junit.HeapAssertionsTest$SessionRegistry.SESSIONS")
                .hasMessageContaining("byte[]");
        SessionRegistry.SESSIONS.clear();
    }

    @Test
    void churnWithoutRetentionPasses() {
        // allocates 2,000 x 4 KB but keeps nothing
        HeapAssertions.assertNoLeak(2_000, () -> {
            CHURN_SINK.add(new byte[4096]);
            CHURN_SINK.clear();
        });
    }

    @Test
    void failureOfTheActionIsReportedAsSuch() {
        assertThatThrownBy(() -> HeapAssertions.assertNoLeak(10, () -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(AssertionFailedError.class).hasMessageContaining("boom");
    }

    static final List<Object> ANNOTATED_LEAK = new ArrayList<>();

    @AfterAll
    static void annotatedTestRanWarmupPlusIterations() {
        // @NoLeak(iterations = 300): 30 warm-up runs (a tenth) + 300 measured, instead of JUnit's single run
        if (!ANNOTATED_LEAK.isEmpty()) assertThat(ANNOTATED_LEAK).hasSize(330);
    }

    @Test
    @NoLeak(iterations = 300, maxGrowthBytes = 4 << 20)
    void annotatedTestRunsManyTimesWithinItsLimit() {
        // 300 runs x 1 KB stays under the 4 MB limit
        ANNOTATED_LEAK.add(new byte[1024]);
        assertThat(ANNOTATED_LEAK).isNotEmpty();
    }
}

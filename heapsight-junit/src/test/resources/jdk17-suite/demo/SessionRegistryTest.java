package demo;

import io.heapsight.junit.HeapAssertions;
import io.heapsight.junit.NoLeak;
import org.junit.jupiter.api.Test;

/** A user's JUnit 5 suite on JDK 17: compiled with --release 17 and run by the JDK 17 launcher. */
class SessionRegistryTest {
    @Test
    void loginLeaks() {
        HeapAssertions.leakCheck().iterations(2_000).maxGrowth(512 * 1024).run(SessionRegistry::login);
    }

    @Test
    void loginAndForgetKeepsNothing() {
        HeapAssertions.assertNoLeak(2_000, SessionRegistry::loginAndForget);
    }

    @Test
    @NoLeak(iterations = 500)
    void annotatedTestKeepsNothing() {
        SessionRegistry.loginAndForget();
    }
}

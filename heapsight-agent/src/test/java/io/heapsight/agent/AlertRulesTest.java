package io.heapsight.agent;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/prometheus-alerts.yml loaded by Prometheus's own tool: it parses, and its unit tests (a leak, a sawtooth
 * without a leak, a bounded cache; docs/prometheus-alerts.test.yml) give the expected alerts at the expected times.
 */
class AlertRulesTest {
    @Test
    void theRulesFileIsValid() throws Exception {
        Promtool.Result r = Promtool.run(Promtool.binary("promtool").toString(), "check", "rules",
                Promtool.DOCS.resolve("prometheus-alerts.yml").toString());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS: 5 rules found");
    }

    @Test
    void onlyTheLeakAlertsAndOnlyOnceItsConditionsHaveHeldLongEnough() throws Exception {
        Promtool.Result r = Promtool.run(Promtool.binary("promtool").toString(), "test", "rules",
                Promtool.DOCS.resolve("prometheus-alerts.test.yml").toString());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS");
    }
}

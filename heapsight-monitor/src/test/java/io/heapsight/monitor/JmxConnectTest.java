package io.heapsight.monitor;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/** --jmx: a target with a JMX port (no Attach API) can be sampled and its live set read after a forced GC. */
class JmxConnectTest {

    @Test
    void sampleOverARemoteConnector() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (TargetJvm jvm = TargetJvm.start(17, "churn", "-Xmx64m", "-XX:+UseG1GC",
                "-Dcom.sun.management.jmxremote.port=" + port, "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                "-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Dcom.sun.management.jmxremote.authenticate=false",
                "-Dcom.sun.management.jmxremote.ssl=false");
             JvmTarget target = JvmTarget.connect("127.0.0.1:" + port)) {
            assertThat(target.pid()).isEqualTo(jvm.pid);
            assertThat(target.local()).isTrue();
            assertThat(target.oldPoolName()).isEqualTo("G1 Old Gen");
            target.forceGc();
            // the churn target retains 10,000 x byte[1000]: at least 10 MB live
            assertThat(target.liveSetAfterGcBytes()).isGreaterThan(10_000_000L);
            target.sample();
            Thread.sleep(1000);
            Sample s = target.sample();
            // the churn target allocates ~40 MB/s of byte[1024]; a slow machine still does several MB/s
            assertThat(s.allocationRate()).isGreaterThan(2_000_000.0);
            assertThat(s.processCpuTimeNanos()).isPositive();
            assertThat(s.openFds()).isPositive();
            assertThat(s.collectors()).extracting(CollectorTotals::name).contains("G1 Young Generation");
            // causes come from the target's perf-data file (what jstat -gccause reads)
            assertThat(s.collectors()).extracting(CollectorTotals::lastCause)
                    .anyMatch(c -> c.equals("System.gc()") || c.startsWith("G1 "));
            assertThat(s.heapMax()).isEqualTo(64L * 1024 * 1024);
            assertThat(s.rssBytes()).isPositive();
            assertThat(s.threads()).isPositive();
            assertThat(s.oldGenAfterLastGc()).isGreaterThan(10_000_000L);
        }
    }
}

package io.heapsight.monitor;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a /report request costs the application the agent runs in, at the agent's full history (2,000 samples, here
 * with 1,000 GCs): the page stays well under a megabyte and its garbage under 32 MB (7.2 MB measured, PERFORMANCE.md).
 */
class MonitorPageCostTest {
    @Test
    void theAgentsFullHistoryRendersToASmallPageWithBoundedGarbage() {
        MonitorHistory h = PageHistories.leak("G1 Evacuation Pause", 3998).history();
        assertThat(h.samples()).hasSize(2000);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 5; i++) MonitorPage.render("pid 1", h, 0);      // warm
        int n = 10;
        long allocated = threads.getCurrentThreadAllocatedBytes();
        long cpu = threads.getCurrentThreadCpuTime();
        int chars = 0;
        for (int i = 0; i < n; i++) chars = MonitorPage.render("pid 1", h, 0).length();
        double perRender = (threads.getCurrentThreadAllocatedBytes() - allocated) / (double) n;
        System.out.printf("page %,d chars, %.1f MB allocated and %.1f ms CPU per render%n", chars, perRender / (1 << 20),
                (threads.getCurrentThreadCpuTime() - cpu) / n / 1e6);
        assertThat(chars).isLessThan(1 << 20);
        assertThat(perRender).isLessThan(32.0 * (1 << 20));
    }
}

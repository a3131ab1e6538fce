package io.heapsight.analysis.scenarios;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * The deployed application of {@link WebappRedeploy}: on startup it fills 4 MiB of static data and starts a thread it
 * never stops. Refers to nothing else of ours, so the web-application loader defines it from WEB-INF/classes.
 */
public final class LeakyStartupListener implements ServletContextListener, Runnable {
    static byte[] reference;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        reference = new byte[4 << 20];
        Thread poller = new Thread(new LeakyStartupListener(), "metrics-poller");
        poller.setDaemon(true);
        poller.start();
    }

    @Override
    public void run() {
        try {
            while (true) Thread.sleep(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

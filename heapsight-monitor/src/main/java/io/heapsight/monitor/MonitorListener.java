package io.heapsight.monitor;

/** Receives what a running {@link Monitor} sees; called on the monitor's thread, so keep it quick. */
public interface MonitorListener {
    default void onSample(Sample sample, Verdict verdict) {}

    /** Announcements (a dump about to be taken and its cost), results and problems that did not stop the monitor. */
    default void onMessage(String message) {}

    MonitorListener NONE = new MonitorListener() {};
}

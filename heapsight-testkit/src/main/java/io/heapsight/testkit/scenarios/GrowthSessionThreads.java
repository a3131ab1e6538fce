package io.heapsight.testkit.scenarios;

import io.heapsight.testkit.ScenarioSupport;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A leak that adds GC roots: one thread per session ("session-1", "session-2", ...), each keeping its own state
 * (a byte[] of the given size) and never ending. No collection grows; the number of similar threads does.
 * Args: sessions (default 4), state bytes per session (default 2 MiB).
 */
public final class GrowthSessionThreads {
    private GrowthSessionThreads() {}

    /** What each thread runs: its state lives as long as the thread. */
    static final class Session implements Runnable {
        private final byte[] state;
        private final CountDownLatch started;

        Session(int bytes, CountDownLatch started) {
            this.state = new byte[bytes];
            this.started = started;
        }

        @Override
        public void run() {
            started.countDown();
            try {
                while (state.length >= 0) Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int bytes = args.length > 1 ? Integer.parseInt(args[1]) : 2 << 20;
        CountDownLatch started = new CountDownLatch(sessions);
        for (int i = 1; i <= sessions; i++) {
            Thread t = new Thread(new Session(bytes, started), "session-" + i);
            t.setDaemon(true);
            t.start();
        }
        started.await();
        Map<String, String> facts = new HashMap<>();
        facts.put("sessions", String.valueOf(sessions));
        ScenarioSupport.dumpNow(facts);
    }
}

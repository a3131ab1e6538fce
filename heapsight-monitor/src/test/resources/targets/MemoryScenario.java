import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A target JVM with a known memory behaviour, launched from source (java MemoryScenario.java SCENARIO [LIFETIME_S])
 * so the same file runs on JDK 17 and 25. Every scenario allocates ~40 MB/s of short-lived garbage so that GCs come
 * often on a small heap. It exits when its lifetime ends or its stdin closes (the test that started it died).
 *
 *   leak   retains ~1 MB/s of byte[1000] forever
 *   churn  retains 10 MB once, then only garbage
 *   cache  fills a map to 20 MB over ~8 s, then only reads it (a bounded cache that plateaus)
 *   direct retains a 2 MB direct ByteBuffer every 0.5 s (native growth, flat heap)
 *
 * The quiet ones allocate only ~0.5 MB/s of garbage, so a 256 MB G1 heap collects rarely (a service at rest):
 *   quietleak   retains 50 x byte[1000] every 100 ms (~30 MB/min) forever
 *   quietcache  fills a map to 20,000 x byte[1000] (20 MB) over ~25 s, then only reads it
 */
public class MemoryScenario {
    static final List<Object> RETAINED = new ArrayList<>();
    static volatile Object sink;

    public static void main(String[] args) throws Exception {
        String scenario = args[0];
        long lifetimeMs = (args.length > 1 ? Long.parseLong(args[1]) : 180) * 1000;
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() >= 0) { }
            } catch (Exception e) {
                // parent gone
            }
            System.exit(0);
        });
        watchdog.setDaemon(true);
        watchdog.start();
        Map<Integer, byte[]> cache = new HashMap<>();
        if (scenario.equals("churn")) {
            for (int i = 0; i < 10_000; i++) RETAINED.add(new byte[1000]);
        }
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        long end = System.currentTimeMillis() + lifetimeMs;
        long step = 0;
        if (scenario.startsWith("quiet")) {
            quiet(scenario, end, cache);
            return;
        }
        while (System.currentTimeMillis() < end) {
            for (int i = 0; i < 400; i++) sink = new byte[1024];
            switch (scenario) {
                case "leak" -> {
                    for (int i = 0; i < 10; i++) RETAINED.add(new byte[1000]);
                }
                case "cache" -> {
                    // 25 new entries per 10 ms step until 20,000 (20 MB), then lookups only
                    for (int i = 0; i < 25; i++) {
                        int key = (int) ((step * 25 + i) % 20_000);
                        byte[] v = cache.get(key);
                        if (v == null) cache.put(key, new byte[1000]);
                        else sink = v;
                    }
                }
                case "direct" -> {
                    if (step % 50 == 0) RETAINED.add(ByteBuffer.allocateDirect(2 * 1024 * 1024));
                }
                case "churn", "idle" -> { }
                default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            }
            step++;
            Thread.sleep(10);
        }
    }

    static void quiet(String scenario, long end, Map<Integer, byte[]> cache) throws InterruptedException {
        long step = 0;
        while (System.currentTimeMillis() < end) {
            for (int i = 0; i < 50; i++) sink = new byte[1024];
            if (scenario.equals("quietleak")) {
                for (int i = 0; i < 50; i++) RETAINED.add(new byte[1000]);
            } else {
                for (int i = 0; i < 80; i++) {
                    int key = (int) ((step * 80 + i) % 20_000);
                    byte[] v = cache.get(key);
                    if (v == null) cache.put(key, new byte[1000]);
                    else sink = v;
                }
            }
            step++;
            Thread.sleep(100);
        }
    }
}

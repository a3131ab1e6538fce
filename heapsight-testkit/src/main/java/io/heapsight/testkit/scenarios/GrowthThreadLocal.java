package io.heapsight.testkit.scenarios;

import io.heapsight.testkit.ScenarioSupport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Growth reachable only through a ThreadLocal of pooled threads: each of `threads` pool threads appends `elements`
 * byte[payload] to its own list in a static ThreadLocal and goes back to the pool. Args: threads (default 4),
 * elements per thread (default 100), payload bytes (default 4,096).
 */
public final class GrowthThreadLocal {
    static final ThreadLocal<List<byte[]>> SCRATCH = ThreadLocal.withInitial(ArrayList::new);

    private GrowthThreadLocal() {}

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int elements = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int payload = args.length > 2 ? Integer.parseInt(args[2]) : 4_096;
        AtomicInteger seq = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "pool-worker-" + seq.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // every task waits for all the others, so each runs on its own pool thread
        CountDownLatch started = new CountDownLatch(threads);
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                started.countDown();
                try {
                    started.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                List<byte[]> mine = SCRATCH.get();
                for (int i = 0; i < elements; i++) mine.add(new byte[payload]);
                done.countDown();
            });
        }
        if (!done.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("pool tasks did not finish");
        Map<String, String> facts = new HashMap<>();
        facts.put("threads", String.valueOf(threads));
        facts.put("elements", String.valueOf(elements));
        ScenarioSupport.dumpNow(facts);
        java.lang.ref.Reference.reachabilityFence(pool);
    }
}

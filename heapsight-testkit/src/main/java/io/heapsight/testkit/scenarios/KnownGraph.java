package io.heapsight.testkit.scenarios;

import io.heapsight.testkit.ScenarioSupport;

import java.lang.ref.Reference;
import java.lang.ref.SoftReference;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A small object graph whose sizes can be worked out by hand (see KnownGraphTest):
 * <pre>
 * static ROOT_TRIPLE: Triple(a = Leaf[100] of 100 Leaf, b = a chain of 1000 ChainNode, c = CycleA <-> CycleB)
 * static SOFT: SoftReference -> SoftOnly(long[1000])            only softly reachable
 * thread "tl-holder":    ThreadLocal TL -> ThreadLocalPayload(byte[5000])
 * thread "frame-holder": a local variable -> FrameLocalPayload(byte[7000])
 * </pre>
 */
public final class KnownGraph {
    /** Three reference fields and nothing else: 24 bytes with compressed oops (MAT 1.17's size), 40 without. */
    public static final class Triple {
        Object a, b, c;
    }

    public static final class Leaf {
        int x;
    }

    public static final class ChainNode {
        ChainNode next;
        long value;
    }

    public static final class CycleA {
        CycleB b;
    }

    public static final class CycleB {
        CycleA a;
    }

    public static final class SoftOnly {
        long[] data = new long[1000];
    }

    public static final class ThreadLocalPayload {
        byte[] data = new byte[5000];
    }

    public static final class FrameLocalPayload {
        byte[] data = new byte[7000];
    }

    static Triple ROOT_TRIPLE;
    static SoftReference<SoftOnly> SOFT;
    static final ThreadLocal<ThreadLocalPayload> TL = new ThreadLocal<>();
    static final CountDownLatch FOREVER = new CountDownLatch(1);

    public static void main(String[] args) throws Exception {
        // built in other methods so that main's frame holds no local that would make them GC roots
        build();
        startThreads();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("softAlive", String.valueOf(SOFT.get() != null));
        ScenarioSupport.dumpNow(facts);
    }

    static void build() {
        Triple t = new Triple();
        Leaf[] leaves = new Leaf[100];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = new Leaf();
            leaves[i].x = i;
        }
        t.a = leaves;
        ChainNode head = null;
        for (int i = 0; i < 1000; i++) {
            ChainNode n = new ChainNode();
            n.value = i;
            n.next = head;
            head = n;
        }
        t.b = head;
        CycleA ca = new CycleA();
        CycleB cb = new CycleB();
        ca.b = cb;
        cb.a = ca;
        t.c = ca;
        ROOT_TRIPLE = t;
        SOFT = new SoftReference<>(new SoftOnly());
    }

    static void startThreads() throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(2);
        Thread tl = new Thread(() -> {
            TL.set(new ThreadLocalPayload());
            ready.countDown();
            awaitForever();
        }, "tl-holder");
        tl.setDaemon(true);
        tl.start();
        Thread frame = new Thread(() -> {
            FrameLocalPayload local = new FrameLocalPayload();
            ready.countDown();
            awaitForever();
            Reference.reachabilityFence(local);
        }, "frame-holder");
        frame.setDaemon(true);
        frame.start();
        ready.await();
        Thread.sleep(100); // both threads parked in awaitForever
    }

    static void awaitForever() {
        try {
            FOREVER.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

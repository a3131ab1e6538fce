package io.heapsight.testkit.scenarios;

import io.heapsight.testkit.ScenarioSupport;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A benchmark shape with a deep chain and a wide array beside an ordinary service heap:
 * {@code DeepChainHeap --objects 30m}. At 30m it has the shape of the dump in issue 12 (31M objects, a 1M-deep
 * linked chain, a 2M-element Object[], millions of small strings and byte[] payloads, a customer/order domain in
 * HashMaps): depth is what costs iterative DFS stacks and dominator paths, width what costs one object's edge run.
 *
 * <p>Parts:
 * <ul>
 *   <li>a singly linked chain of min(1M, N/30) nodes from a static field, every 8th node with a small byte[]</li>
 *   <li>one Object[] of min(2M, N/15) slots, each an Item with its own byte[] digest</li>
 *   <li>half of the rest a HashMap cache of String keys to byte[] payloads (16-200 bytes)</li>
 *   <li>the other half the customer/order domain ({@link CustomerDomain})</li>
 * </ul>
 * Facts: "chain.depth", "wide.length", and each part's object count ("objects.chain", ...).
 */
public final class DeepChainHeap {
    static ChainNode chainHead;
    static Object[] wide;
    static final Map<String, byte[]> PAYLOADS = new HashMap<>();

    private DeepChainHeap() {}

    static final class ChainNode {
        final ChainNode next;
        final long value;
        final byte[] payload;

        ChainNode(ChainNode next, long value, byte[] payload) {
            this.next = next;
            this.value = value;
            this.payload = payload;
        }
    }

    record Item(long id, byte[] digest) {}

    public static void main(String[] args) {
        long target = RealisticHeap.parseObjects(args);
        SplittableRandom random = new SplittableRandom(42);
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("objects.target", Long.toString(target));
        int depth = (int) Math.min(1_000_000, target / 30);
        int width = (int) Math.min(2_000_000, target / 15);
        long chain = buildChain(depth);
        long wideObjects = buildWide(width, random);
        long rest = Math.max(0, target - chain - wideObjects);
        long payloads = buildPayloads(rest / 2, random);
        long customers = CustomerDomain.build(rest - rest / 2, random);
        facts.put("chain.depth", Integer.toString(depth));
        facts.put("wide.length", Integer.toString(width));
        facts.put("objects.chain", Long.toString(chain));
        facts.put("objects.wide", Long.toString(wideObjects));
        facts.put("objects.payloads", Long.toString(payloads));
        facts.put("objects.customers", Long.toString(customers));
        ScenarioSupport.dumpNow(facts);
    }

    /** depth nodes plus a byte[] on every 8th; built tail first so the head is the last node made. */
    private static long buildChain(int depth) {
        ChainNode head = null;
        long made = 0;
        for (int i = 0; i < depth; i++) {
            byte[] payload = i % 8 == 0 ? new byte[24] : null;
            head = new ChainNode(head, i, payload);
            made += payload == null ? 1 : 2;
        }
        chainHead = head;
        return made;
    }

    /** The Object[] plus an Item and its digest byte[] per slot. */
    private static long buildWide(int width, SplittableRandom random) {
        Object[] array = new Object[width];
        for (int i = 0; i < width; i++) {
            byte[] digest = new byte[16];
            random.nextBytes(digest);
            array[i] = new Item(i, digest);
        }
        wide = array;
        return 1 + 2L * width;
    }

    /** Per entry 4 objects: HashMap.Node, key String + byte[], payload byte[]. */
    private static long buildPayloads(long budget, SplittableRandom random) {
        long made = 0;
        for (long i = 0; made + 4 <= budget; i++) {
            byte[] payload = new byte[16 + random.nextInt(185)];
            random.nextBytes(payload);
            PAYLOADS.put("blob:" + i, payload);
            made += 4;
        }
        return made;
    }
}

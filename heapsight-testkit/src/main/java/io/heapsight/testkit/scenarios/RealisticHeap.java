package io.heapsight.testkit.scenarios;

import io.heapsight.testkit.ScenarioSupport;

import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;

/**
 * A service-like heap of about N objects for benchmarks: {@code RealisticHeap --objects 5000000}.
 *
 * <p>Shares of the object budget (rounded; the JDK's own ~10-20k objects come on top):
 * <ul>
 *   <li>the rest (52% minus the chain: 46% at 5m, 51% at 30m) a leaky static cache (HashMap of String to
 *       CacheEntry with byte[] and char[] payloads) that dominates the largest part of the heap</li>
 *   <li>25% customer maps (HashMap of String to Customer, each with an Address, an ArrayList of Orders and names
 *       copied from a small pool, i.e. duplicate strings)</li>
 *   <li>10% LinkedLists of events; 8% object arrays of boxed numbers; 5% lists of duplicated tag strings</li>
 *   <li>a deep singly linked chain of min(300k, N/10) nodes (deep paths are Shark's weak spot)</li>
 *   <li>WeakReferences to customers, and worker threads holding ThreadLocal buffers</li>
 * </ul>
 * Each part's object count is recorded as a fact ("objects.cache", ...); the dump is about 46 bytes per object.
 */
public final class RealisticHeap {

    // --- the heap's "service" state; static so the graph has class roots like a real application -----------
    static final Map<String, CacheEntry> LEAKY_CACHE = new HashMap<>();
    static final List<Map<String, Customer>> CUSTOMER_REGIONS = new ArrayList<>();
    static final List<LinkedList<Event>> EVENT_QUEUES = new ArrayList<>();
    static final List<Object[]> NUMBER_TABLES = new ArrayList<>();
    static final List<List<String>> TAG_LISTS = new ArrayList<>();
    static final List<WeakReference<Customer>> WEAK_CUSTOMERS = new ArrayList<>();
    static ChainNode chainHead;

    private static final String[] FIRST_NAMES = {"Ada", "Grace", "Alan", "Barbara", "Edsger", "Donald", "Leslie",
            "Frances", "John", "Margaret", "Ken", "Dennis", "Bjarne", "Guido", "James", "Niklaus"};
    private static final String[] CITIES = {"Lisbon", "Oslo", "Kyoto", "Lima", "Accra", "Perth", "Quebec", "Tartu"};
    private static final String[] STATUS = {"NEW", "PAID", "SHIPPED", "RETURNED"};
    private static final String[] TAGS = {"premium", "trial", "churn-risk", "beta", "internal", "partner", "eu", "us"};

    static final class CacheEntry {
        final long createdAt;
        final byte[] body;
        final char[] legacyText;

        CacheEntry(long createdAt, byte[] body, char[] legacyText) {
            this.createdAt = createdAt;
            this.body = body;
            this.legacyText = legacyText;
        }
    }

    static final class Customer {
        final String id;
        final String name;
        final Address address;
        final List<Order> orders = new ArrayList<>(4);

        Customer(String id, String name, Address address) {
            this.id = id;
            this.name = name;
            this.address = address;
        }
    }

    record Address(String city, String street, int zip) {}

    record Order(long id, double amount, String status, byte[] note) {}

    record Event(long timestamp, String type, int payload) {}

    static final class ChainNode {
        final ChainNode next;
        final int value;

        ChainNode(ChainNode next, int value) {
            this.next = next;
            this.value = value;
        }
    }

    public static void main(String[] args) throws InterruptedException {
        long target = parseObjects(args);
        SplittableRandom random = new SplittableRandom(42);
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("objects.target", Long.toString(target));

        long chainNodes = Math.min(300_000, target / 10);
        // the cache takes what the other parts leave (46% at 5m, 51% at 30m), so the total is about N
        long cache = buildLeakyCache(target * 52 / 100 - chainNodes, random);
        long customers = buildCustomers(target * 25 / 100, random);
        long events = buildEventQueues(target * 10 / 100);
        long numbers = buildNumberTables(target * 8 / 100);
        long tags = buildTagLists(target * 5 / 100, random);
        long chain = buildChain(chainNodes);
        facts.put("objects.cache", Long.toString(cache));
        facts.put("objects.customers", Long.toString(customers));
        facts.put("objects.events", Long.toString(events));
        facts.put("objects.numbers", Long.toString(numbers));
        facts.put("objects.tags", Long.toString(tags));
        facts.put("objects.chain", Long.toString(chain));
        facts.put("chain.depth", Long.toString(chainNodes));
        facts.put("cache.entries", Integer.toString(LEAKY_CACHE.size()));
        facts.put("weakReferences", Integer.toString(WEAK_CUSTOMERS.size()));

        // worker threads parked with ThreadLocal buffers: thread roots and ThreadLocalMap entries in the dump
        int workers = 4;
        CountDownLatch ready = new CountDownLatch(workers);
        CountDownLatch release = new CountDownLatch(1);
        ThreadLocal<byte[]> buffer = new ThreadLocal<>();
        ThreadLocal<Map<String, Integer>> scratch = ThreadLocal.withInitial(HashMap::new);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            int n = i;
            Thread t = new Thread(() -> {
                buffer.set(new byte[64 * 1024]);
                for (int k = 0; k < 1000; k++) scratch.get().put("key-" + n + "-" + k, k);
                ready.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "worker-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        ready.await();
        facts.put("threads.workers", Integer.toString(workers));

        ScenarioSupport.dumpNow(facts);
        release.countDown();
        Reference.reachabilityFence(threads);
        Reference.reachabilityFence(buffer);
        Reference.reachabilityFence(scratch);
    }

    static long parseObjects(String[] args) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--objects")) return parseCount(args[i + 1]);
        }
        throw new IllegalArgumentException("usage: RealisticHeap --objects N (e.g. 5000000, 5m, 30m)");
    }

    /** "5m" = 5,000,000; "300k" = 300,000; or a plain number. */
    public static long parseCount(String s) {
        String t = s.trim().toLowerCase(java.util.Locale.ROOT).replace("_", "");
        long unit = 1;
        if (t.endsWith("m")) {
            unit = 1_000_000;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("k")) {
            unit = 1_000;
            t = t.substring(0, t.length() - 1);
        }
        long n;
        try {
            n = Math.round(Double.parseDouble(t) * unit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an object count: '" + s + "' (e.g. 5000000, 5m, 300k)");
        }
        if (n < 1000) throw new IllegalArgumentException("object count must be at least 1000, got " + s);
        return n;
    }

    /** Per entry: HashMap.Node, key String + its byte[], CacheEntry, body byte[], char[] = 6 objects. */
    private static long buildLeakyCache(long budget, SplittableRandom random) {
        long made = 0;
        for (long i = 0; made + 6 <= budget; i++) {
            byte[] body = new byte[32 + random.nextInt(96)];
            random.nextBytes(body);
            char[] text = new char[8 + random.nextInt(24)];
            java.util.Arrays.fill(text, (char) ('a' + (i % 26)));
            LEAKY_CACHE.put("cache:" + i, new CacheEntry(i, body, text));
            made += 6;
        }
        return made;
    }

    /**
     * Per customer 11 objects (HashMap.Node, id String + byte[], name String + byte[] copied from a small pool so
     * the contents repeat, Address, street String + byte[], Customer, ArrayList + Object[]) plus 2 per Order
     * (Order + note byte[]); every 100th customer is also weakly referenced.
     */
    private static long buildCustomers(long budget, SplittableRandom random) {
        long made = 0;
        int regions = 8;
        for (int r = 0; r < regions; r++) CUSTOMER_REGIONS.add(new HashMap<>());
        for (long i = 0; ; i++) {
            int orders = 1 + random.nextInt(3);
            int cost = 11 + 2 * orders;
            if (made + cost > budget) break;
            String name = new String(FIRST_NAMES[(int) (i % FIRST_NAMES.length)].toCharArray()); // duplicates
            Address address = new Address(CITIES[(int) (i % CITIES.length)], "Street " + i, (int) (i % 90_000));
            Customer c = new Customer("cust-" + i, name, address);
            for (int k = 0; k < orders; k++) {
                c.orders.add(new Order(i * 4 + k, random.nextDouble() * 100, STATUS[k % STATUS.length],
                        new byte[8 + random.nextInt(24)]));
            }
            CUSTOMER_REGIONS.get((int) (i % regions)).put(c.id, c);
            if (i % 100 == 0) WEAK_CUSTOMERS.add(new WeakReference<>(c));
            made += cost;
        }
        return made;
    }

    /** Per event: LinkedList.Node + Event (type strings are shared constants) = 2 objects. */
    private static long buildEventQueues(long budget) {
        long made = 0;
        LinkedList<Event> queue = null;
        for (long i = 0; made + 2 <= budget; i++) {
            if (i % 50_000 == 0) {
                queue = new LinkedList<>();
                EVENT_QUEUES.add(queue);
            }
            queue.add(new Event(i, STATUS[(int) (i % STATUS.length)], (int) i));
            made += 2;
        }
        return made;
    }

    /** Object[1024] tables of boxed Longs (outside the Long cache): 1 object per slot. */
    private static long buildNumberTables(long budget) {
        long made = 0;
        Object[] table = null;
        int slot = 0;
        for (long i = 0; made < budget; i++) {
            if (table == null || slot == table.length) {
                table = new Object[1024];
                NUMBER_TABLES.add(table);
                slot = 0;
                made++;
            }
            table[slot++] = Long.valueOf(1_000_000L + i);
            made++;
        }
        return made;
    }

    /** ArrayLists of freshly built tag strings (String + byte[] each): the duplicate strings of the heap. */
    private static long buildTagLists(long budget, SplittableRandom random) {
        long made = 0;
        List<String> list = null;
        for (long i = 0; made + 2 <= budget; i++) {
            if (i % 10_000 == 0) {
                list = new ArrayList<>();
                TAG_LISTS.add(list);
            }
            list.add(new String(TAGS[random.nextInt(TAGS.length)].toCharArray()));
            made += 2;
        }
        return made;
    }

    private static long buildChain(long nodes) {
        ChainNode head = null;
        for (int i = 0; i < nodes; i++) head = new ChainNode(head, i);
        chainHead = head;
        return nodes;
    }
}

package io.heapsight.testkit.scenarios;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The ordinary part of the benchmark shapes' heaps: customers with addresses and orders in HashMaps, as a service
 * keeps them. Names come from a small pool but are copied (duplicate strings); cities and statuses are shared
 * constants. Static, so the graph has class roots like a real application.
 *
 * <p>{@link RealisticHeap} keeps its own copy of these classes on purpose: its class names
 * ({@code RealisticHeap$Customer}, ...) are part of the benchmark dump that every figure in docs/PERFORMANCE.md was
 * measured on, and moving them here would make a regenerated benchmark dump differ from the measured one.</p>
 */
final class CustomerDomain {
    static final List<Map<String, Customer>> REGIONS = new ArrayList<>();

    private static final String[] FIRST_NAMES = {"Ada", "Grace", "Alan", "Barbara", "Edsger", "Donald", "Leslie",
            "Frances", "John", "Margaret", "Ken", "Dennis", "Bjarne", "Guido", "James", "Niklaus"};
    private static final String[] CITIES = {"Lisbon", "Oslo", "Kyoto", "Lima", "Accra", "Perth", "Quebec", "Tartu"};
    static final String[] STATUS = {"NEW", "PAID", "SHIPPED", "RETURNED"};

    private CustomerDomain() {}

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

    /**
     * Per customer 11 objects (HashMap.Node, id String + byte[], name String + byte[], Address, street String +
     * byte[], Customer, ArrayList + Object[]) plus 2 per Order (Order + note byte[]), in 8 regional HashMaps.
     *
     * @return the objects made (at most budget, not counting the maps' tables)
     */
    static long build(long budget, SplittableRandom random) {
        long made = 0;
        int regions = 8;
        int first = REGIONS.size();
        for (int r = 0; r < regions; r++) REGIONS.add(new HashMap<>());
        for (long i = 0; ; i++) {
            int orders = 1 + random.nextInt(3);
            int cost = 11 + 2 * orders;
            if (made + cost > budget) break;
            String name = new String(FIRST_NAMES[(int) (i % FIRST_NAMES.length)].toCharArray()); // duplicates
            Address address = new Address(CITIES[(int) (i % CITIES.length)], "Street " + i, (int) (i % 90_000));
            Customer c = new Customer("cust-" + first + "-" + i, name, address);
            for (int k = 0; k < orders; k++) {
                c.orders.add(new Order(i * 4 + k, random.nextDouble() * 100, STATUS[k % STATUS.length],
                        new byte[8 + random.nextInt(24)]));
            }
            REGIONS.get(first + (int) (i % regions)).put(c.id, c);
            made += cost;
        }
        return made;
    }
}

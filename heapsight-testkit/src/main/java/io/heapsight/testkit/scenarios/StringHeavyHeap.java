package io.heapsight.testkit.scenarios;

import io.heapsight.testkit.ScenarioSupport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A benchmark shape dominated by millions of small Strings and byte[] payloads: {@code StringHeavyHeap --objects 30m}.
 *
 * <p>Shares of the object budget (the JDK's own ~10-20k objects come on top):
 * <ul>
 *   <li>40% an HTTP session store: HashMap of session id to a HashMap of attribute name (interned constants) to
 *       value String (tokens, copies of a few locales and roles, some UTF-16 names)</li>
 *   <li>25% a response cache: HashMap of request key String to a JSON-ish byte[] body (48-600 bytes)</li>
 *   <li>10% tag lists: half fresh copies of a few tag strings (duplicates), half interned (shared)</li>
 *   <li>25% the customer/order domain in HashMaps ({@link CustomerDomain})</li>
 * </ul>
 * Each part's object count is recorded as a fact ("objects.sessions", ...).
 */
public final class StringHeavyHeap {
    static final Map<String, Map<String, String>> SESSIONS = new HashMap<>();
    static final Map<String, byte[]> RESPONSE_CACHE = new HashMap<>();
    static final List<List<String>> TAG_LISTS = new ArrayList<>();

    private static final String[] ATTRIBUTES = {"user.id", "user.name", "locale", "csrf.token", "role", "cart.id",
            "last.page", "theme", "tz", "referrer", "ab.bucket", "auth.expiry"};
    private static final String[] LOCALES = {"en-US", "pt-PT", "nb-NO", "ja-JP", "es-PE", "fr-CA"};
    private static final String[] ROLES = {"customer", "admin", "support", "partner"};
    private static final String[] UTF16_NAMES = {"Zoë Łukasiewicz", "東京 太郎", "Ἀριστοτέλης", "Ðorđe Šćepanović"};
    private static final String[] TAGS = {"premium", "trial", "churn-risk", "beta", "internal", "partner", "eu", "us"};

    private StringHeavyHeap() {}

    public static void main(String[] args) {
        long target = RealisticHeap.parseObjects(args);
        SplittableRandom random = new SplittableRandom(42);
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("objects.target", Long.toString(target));
        long sessions = buildSessions(target * 40 / 100, random);
        long responses = buildResponseCache(target * 25 / 100, random);
        long tags = buildTagLists(target * 10 / 100, random);
        long customers = CustomerDomain.build(target * 25 / 100, random);
        facts.put("objects.sessions", Long.toString(sessions));
        facts.put("objects.responses", Long.toString(responses));
        facts.put("objects.tags", Long.toString(tags));
        facts.put("objects.customers", Long.toString(customers));
        facts.put("sessions.count", Integer.toString(SESSIONS.size()));
        facts.put("responses.count", Integer.toString(RESPONSE_CACHE.size()));
        ScenarioSupport.dumpNow(facts);
    }

    /**
     * Per session 5 objects (HashMap.Node, id String + byte[], attribute HashMap + its table) plus 3 per attribute
     * (HashMap.Node, value String + byte[]; the attribute names are shared constants).
     */
    private static long buildSessions(long budget, SplittableRandom random) {
        long made = 0;
        for (long i = 0; ; i++) {
            int attributes = 4 + random.nextInt(9);
            long cost = 5 + 3L * attributes;
            if (made + cost > budget) break;
            Map<String, String> session = new HashMap<>();
            for (int a = 0; a < attributes; a++) session.put(ATTRIBUTES[a], value(ATTRIBUTES[a], i, random));
            SESSIONS.put(Long.toHexString(0x5e55_0000_0000L + i * 7919), session);
            made += cost;
        }
        return made;
    }

    /** A fresh String for an attribute: copies of a few values (duplicates), tokens, numbers, a few UTF-16 names. */
    private static String value(String attribute, long session, SplittableRandom random) {
        return switch (attribute) {
            case "locale" -> new String(LOCALES[random.nextInt(LOCALES.length)].toCharArray());
            case "role" -> new String(ROLES[random.nextInt(ROLES.length)].toCharArray());
            case "user.name" -> session % 10 == 0 ? new String(UTF16_NAMES[random.nextInt(UTF16_NAMES.length)].toCharArray())
                    : "user" + session;
            case "csrf.token" -> Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
            default -> attribute + ":" + random.nextInt(1_000_000);
        };
    }

    /** Per response 4 objects: HashMap.Node, key String + byte[], body byte[] (UTF-8 JSON text). */
    private static long buildResponseCache(long budget, SplittableRandom random) {
        long made = 0;
        StringBuilder json = new StringBuilder(700);
        for (long i = 0; made + 4 <= budget; i++) {
            json.setLength(0);
            json.append("{\"id\":").append(i).append(",\"status\":\"").append(CustomerDomain.STATUS[(int) (i % 4)])
                    .append("\",\"items\":[");
            int items = random.nextInt(12);
            for (int k = 0; k < items; k++) {
                if (k > 0) json.append(',');
                json.append("{\"sku\":\"SKU-").append(random.nextInt(100_000)).append("\",\"qty\":")
                        .append(1 + random.nextInt(5)).append(",\"price\":").append(random.nextInt(10_000) / 100.0)
                        .append('}');
            }
            json.append("]}");
            RESPONSE_CACHE.put("GET /api/orders/" + i, json.toString().getBytes(StandardCharsets.UTF_8));
            made += 4;
        }
        return made;
    }

    /**
     * ArrayLists of 10,000 tags: even slots fresh copies (String + byte[] each: the duplicate strings of the
     * heap), odd slots the interned constant (shared, no new object).
     */
    private static long buildTagLists(long budget, SplittableRandom random) {
        long made = 0;
        List<String> list = null;
        for (long i = 0; made + 2 <= budget; i++) {
            if (i % 10_000 == 0) {
                list = new ArrayList<>(10_000);
                TAG_LISTS.add(list);
                made += 2; // the ArrayList and its Object[]
            }
            String tag = TAGS[random.nextInt(TAGS.length)];
            if (i % 2 == 0) {
                list.add(new String(tag.toCharArray()));
                made += 2;
            } else {
                list.add(tag.intern());
            }
        }
        return made;
    }
}

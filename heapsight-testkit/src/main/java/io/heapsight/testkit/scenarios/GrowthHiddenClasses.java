package io.heapsight.testkit.scenarios;

import io.heapsight.testkit.ScenarioSupport;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A leak that makes classes accumulate: each registration defines a new hidden class (as bytecode-generating
 * frameworks and per-registration proxies do) from {@link GrowthHiddenHandler}'s class file with
 * {@code Lookup.defineHiddenClass}, instantiates it and keeps the instance in {@link #HANDLERS}, which nothing
 * cleans. Each hidden class has its own static state (16 KB). Args: registrations (default 100).
 */
public final class GrowthHiddenClasses {
    static final List<Object> HANDLERS = new ArrayList<>();

    private GrowthHiddenClasses() {}

    public static void main(String[] args) throws Exception {
        int registrations = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        byte[] template;
        String resource = "/" + GrowthHiddenHandler.class.getName().replace('.', '/') + ".class";
        try (InputStream in = GrowthHiddenClasses.class.getResourceAsStream(resource)) {
            if (in == null) throw new IOException("class file of " + GrowthHiddenHandler.class.getName() + " not found");
            template = in.readAllBytes();
        }
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        for (int i = 0; i < registrations; i++) {
            Class<?> handler = lookup.defineHiddenClass(template, true).lookupClass();
            HANDLERS.add(handler.getDeclaredConstructor().newInstance());
        }
        Map<String, String> facts = new HashMap<>();
        facts.put("registrations", String.valueOf(registrations));
        ScenarioSupport.dumpNow(facts);
    }
}

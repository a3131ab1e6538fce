package io.heapsight.testkit.scenarios;

import io.heapsight.testkit.ScenarioSupport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A growing session map beside a larger constant reference table: dumped at several sizes, only the sessions may be
 * reported as growing. Args: sessions (default 2,000), payload bytes each (default 1,024), reference rows of
 * int[2500] (default 3,000, about 30 MB).
 *
 * <p>Keys start at 1,000,000 so no key comes from the shared Long cache: each entry retains exactly
 * HashMap$Node (32) + Long (24) + byte[payload] (16 + payload) with compressed oops.
 */
public final class GrowthBesideConstant {
    static final Map<Long, byte[]> SESSIONS = new HashMap<>();
    static final List<int[]> REFERENCE_DATA = new ArrayList<>();

    private GrowthBesideConstant() {}

    public static void main(String[] args) {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int payload = args.length > 1 ? Integer.parseInt(args[1]) : 1_024;
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 3_000;
        for (int i = 0; i < rows; i++) REFERENCE_DATA.add(new int[2500]);
        for (int i = 0; i < sessions; i++) SESSIONS.put(1_000_000L + i, new byte[payload]);
        Map<String, String> facts = new HashMap<>();
        facts.put("sessions", String.valueOf(sessions));
        facts.put("rows", String.valueOf(rows));
        ScenarioSupport.dumpNow(facts);
        java.lang.ref.Reference.reachabilityFence(SESSIONS);
    }
}

package io.heapsight.testkit;

import java.lang.ref.Reference;
import java.util.Map;

/** Test scenario: a known number of instances of a class that exists nowhere else. Modes via args[0]. */
public final class TinyGraphScenario {
    /** One int field: 12-byte header + 4 = 16 bytes with compressed class pointers. */
    static final class Marker {
        final int id;

        Marker(int id) {
            this.id = id;
        }
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "dump";
        switch (mode) {
            case "fail" -> {
                System.err.println("boom: scenario failed on purpose");
                System.exit(3);
            }
            case "hang" -> Thread.sleep(Long.MAX_VALUE);
            case "no-dump" -> System.out.println("forgot to dump");
            default -> {
                int n = Integer.parseInt(args.length > 1 ? args[1] : "12345");
                Marker[] markers = new Marker[n];
                for (int i = 0; i < n; i++) markers[i] = new Marker(i);
                ScenarioSupport.dumpNow(Map.of("markers", Integer.toString(n), "note", "a=b: with spaces\nand a newline"));
                Reference.reachabilityFence(markers);
            }
        }
    }
}

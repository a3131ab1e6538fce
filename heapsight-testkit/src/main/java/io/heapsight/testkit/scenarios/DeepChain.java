package io.heapsight.testkit.scenarios;

import io.heapsight.testkit.ScenarioSupport;

import java.util.Map;

/** A linked chain of N nodes (default 1,000,000) held by a static field: the dominator tree is N deep. */
public final class DeepChain {
    public static final class Link {
        Link next;
        long value;
    }

    static Link HEAD;

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        build(n); // in its own frame: main keeps no local reference that would make the head a GC root
        ScenarioSupport.dumpNow(Map.of("length", String.valueOf(n)));
    }

    static void build(int n) {
        Link head = null;
        for (int i = 0; i < n; i++) {
            Link l = new Link();
            l.value = i;
            l.next = head;
            head = l;
        }
        HEAD = head;
    }
}

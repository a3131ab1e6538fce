package io.heapsight.demo.leaks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Managed leak: every request adds a 10 KB string to a static list that nothing ever clears
 * (the ASP.NET sample's "staticstring"). The holder is {@code StaticStrings.RETAINED}.
 */
public final class StaticStrings {
    private StaticStrings() {}

    static final List<String> RETAINED = Collections.synchronizedList(new ArrayList<>());

    public static int remember(String value) {
        RETAINED.add(value);
        return RETAINED.size();
    }

    public static int count() {
        return RETAINED.size();
    }
}

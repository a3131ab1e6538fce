package io.heapsight.analysis.query;

import io.heapsight.analysis.result.ObjectRef;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The arguments of one query run, as strings (they come from a URL's query string or a command line), with typed
 * getters that turn bad values into {@link QueryException}s naming the argument.
 */
public final class QueryArgs {
    public static final QueryArgs NONE = new QueryArgs(Map.of());

    private final Map<String, String> values;

    private QueryArgs(Map<String, String> values) {
        this.values = values;
    }

    public static QueryArgs of(Map<String, String> values) {
        return new QueryArgs(Map.copyOf(values));
    }

    public static QueryArgs of(String... keyValues) {
        if (keyValues.length % 2 != 0) throw new IllegalArgumentException("key/value pairs expected");
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put(keyValues[i], keyValues[i + 1]);
        return of(m);
    }

    public String string(String key, String fallback) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? fallback : v;
    }

    public String required(String key) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) throw QueryException.badArgument("missing argument: " + key);
        return v;
    }

    public long integer(String key, long fallback, long min, long max) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) return fallback;
        try {
            long n = Long.parseLong(v.strip());
            if (n < min || n > max) throw QueryException.badArgument(key + " must be between " + min + " and " + max + ": " + v);
            return n;
        } catch (NumberFormatException e) {
            throw QueryException.badArgument(key + " is not a number: " + v);
        }
    }

    public boolean flag(String key) {
        String v = values.get(key);
        return v != null && (v.isEmpty() || v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes"));
    }

    /** An HPROF id argument ("0x7f3a12b8"). */
    public long objectId(String key) {
        try {
            return ObjectRef.parseId(required(key));
        } catch (IllegalArgumentException e) {
            throw QueryException.badArgument(e.getMessage());
        }
    }

    /** Paging: offset ≥ 0 (default 0) and 1 ≤ limit ≤ maxLimit (default {@code defaultLimit}). */
    public long offset() {
        return integer("offset", 0, 0, Long.MAX_VALUE);
    }

    public int limit(int defaultLimit, int maxLimit) {
        return (int) integer("limit", defaultLimit, 1, maxLimit);
    }

    public Map<String, String> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}

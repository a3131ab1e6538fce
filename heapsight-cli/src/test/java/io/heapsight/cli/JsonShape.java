package io.heapsight.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Compares the shape of a JSON value with a stored example: the same keys and the same types, values ignored.
 * In an example, a key written {@code "?name"} may be absent, a key {@code "*"} stands for any other key (maps keyed
 * by data, such as HTTP status counts); a null value in the output matches any type (fields
 * documented as nullable); every element of an output array must match one element of the example's array.
 */
final class JsonShape {
    private JsonShape() {}

    /** Every difference, one line each, as "path: what"; empty when the shapes agree. */
    static List<String> differences(JsonNode example, JsonNode actual) {
        List<String> out = new ArrayList<>();
        compare("$", example, actual, out);
        return out;
    }

    private static void compare(String path, JsonNode example, JsonNode actual, List<String> out) {
        if (actual.isNull() || example.isNull()) return;
        if (!kind(example).equals(kind(actual))) {
            out.add(path + ": " + kind(actual) + " where the contract has " + kind(example));
            return;
        }
        if (example.isIntegralNumber() && !actual.isIntegralNumber()) {
            out.add(path + ": a fraction where the contract has an integer");
        } else if (example.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = actual.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode ex = example.has(f.getKey()) ? example.get(f.getKey())
                        : example.has("?" + f.getKey()) ? example.get("?" + f.getKey()) : example.get("*");
                if (ex == null) out.add(path + "." + f.getKey() + ": not in the contract");
                else compare(path + "." + f.getKey(), ex, f.getValue(), out);
            }
            for (Iterator<String> it = example.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!key.startsWith("?") && !key.equals("*") && !actual.has(key)) out.add(path + "." + key + ": missing");
            }
        } else if (example.isArray() && !example.isEmpty()) {
            for (int i = 0; i < actual.size(); i++) {
                List<String> best = null;
                for (JsonNode candidate : example) {
                    List<String> d = new ArrayList<>();
                    compare(path + "[" + i + "]", candidate, actual.get(i), d);
                    if (best == null || d.size() < best.size()) best = d;
                }
                out.addAll(best);
            }
        }
    }

    /** number kinds: an integral example needs an integral value; a fractional one takes any number. */
    private static String kind(JsonNode n) {
        if (n.isObject()) return "object";
        if (n.isArray()) return "array";
        if (n.isTextual()) return "string";
        if (n.isBoolean()) return "boolean";
        if (n.isNumber()) return "number";
        return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}

package io.heapsight.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON documents the CLI writes itself (ps, dump, investigate); each starts with {@code schemaVersion}, bumped
 * when a field is renamed or removed (docs/json-contract.md).
 */
final class CliJson {
    static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CliJson() {}

    /** A new document: {@code schemaVersion} first, then {@code tool} and {@code command}. */
    static Map<String, Object> document(String command) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", SCHEMA_VERSION);
        m.put("tool", "heapsight");
        m.put("command", command);
        return m;
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Object parse(String json) {
        try {
            return MAPPER.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

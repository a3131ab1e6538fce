package io.heapsight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The comparison the JSON contract tests rest on finds each kind of drift. */
class JsonShapeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXAMPLE = """
            {"schemaVersion": 1, "name": "a", "size": 3, "fraction": 0.5, "?problem": "x", "counts": {"*": 1},
             "path": [{"root": "r", "object": "o"}, {"field": "f", "object": "o"}]}""";

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void theSameShapeWithOtherValuesAgrees() throws Exception {
        assertThat(JsonShape.differences(json(EXAMPLE), json("""
                {"schemaVersion": 2, "name": "b", "size": 9, "fraction": 1, "counts": {"200": 5, "ws-aborted": 1},
                 "path": [{"root": "x", "object": "y"}, {"field": "g", "object": "z"}], "problem": null}"""))).isEmpty();
    }

    @Test
    void eachDriftIsNamedByItsPath() throws Exception {
        assertThat(JsonShape.differences(json(EXAMPLE), json("""
                {"schemaVersion": 1, "name": 7, "size": 1.5, "fraction": 0.5, "extra": true, "counts": {"200": "many"},
                 "path": [{"via": "f", "object": "o"}]}"""))).containsExactlyInAnyOrder(
                "$.name: number where the contract has string",
                "$.size: a fraction where the contract has an integer",
                "$.extra: not in the contract",
                "$.counts.200: string where the contract has number",
                "$.path[0].via: not in the contract",
                "$.path[0].root: missing");
    }
}

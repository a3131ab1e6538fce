package io.heapsight.report.result;

import com.fasterxml.jackson.databind.JsonNode;
import io.heapsight.analysis.result.Column;
import io.heapsight.analysis.result.ObjectRef;
import io.heapsight.analysis.result.ObjectView;
import io.heapsight.analysis.result.Path;
import io.heapsight.analysis.result.Table;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResultJsonTest {
    @Test
    void tableCellsFollowTheirColumnKinds() {
        ObjectRef map = ObjectRef.object(0xabcL, "java.util.HashMap");
        Path path = new Path("system class", "system class", List.of(
                new Path.Step(null, ObjectRef.ofClass(0x10L, "com.example.Cache")),
                new Path.Step("com.example.Cache.entries", map)));
        Table t = new Table("Instances", List.of(Column.object("objectId", "object"), Column.text("className", "class"),
                Column.bytes("retainedBytes", "retained"), Column.fraction("share", "%"), Column.path("path", "path")),
                List.of(Arrays.asList(map, "java.util.HashMap", 1234L, 0.123456, path),
                        Arrays.asList(null, "x", 0L, 0.0, Path.none())), 40, 20);
        JsonNode json = ResultJson.render(t);
        assertThat(json.get("type").asText()).isEqualTo("table");
        assertThat(json.get("total").asLong()).isEqualTo(40);
        assertThat(json.get("offset").asLong()).isEqualTo(20);
        JsonNode row = json.get("rows").get(0);
        assertThat(row.get("objectId").asText()).isEqualTo("0xabc");
        assertThat(row.get("retainedBytes").asLong()).isEqualTo(1234);
        assertThat(row.get("share").asDouble()).isEqualTo(0.1235);
        assertThat(row.get("path").get("root").get("kind").asText()).isEqualTo("system class");
        assertThat(row.get("path").get("steps").get(1).get("field").asText()).isEqualTo("com.example.Cache.entries");
        assertThat(row.get("path").get("steps").get(1).get("objectId").asText()).isEqualTo("0xabc");
        assertThat(json.get("rows").get(1).get("objectId").isNull()).isTrue();
        assertThat(json.get("rows").get(1).get("path").get("root").isNull()).isTrue();
        assertThat(json.get("columns").get(3).get("kind").asText()).isEqualTo("fraction");
    }

    @Test
    void objectViewNamesReferencesByIdAndPrimitivesByValue() {
        ObjectView v = new ObjectView("java.util.ArrayList@0x20", ObjectRef.object(0x20L, "java.util.ArrayList"), 24, 80, true,
                null, null, -1,
                List.of(ObjectView.Field.primitive("size", "int", "2", "java.util.ArrayList"),
                        ObjectView.Field.reference("elementData", "Object[]", ObjectRef.object(0x30L, "java.lang.Object[]"), "java.util.ArrayList"),
                        ObjectView.Field.reference("next", "Object", null, "java.util.ArrayList")),
                List.of());
        JsonNode json = ResultJson.render(v);
        assertThat(json.get("objectId").asText()).isEqualTo("0x20");
        assertThat(json.get("dominator").isNull()).isTrue();
        assertThat(json.get("fields").get(0).get("value").asText()).isEqualTo("2");
        assertThat(json.get("fields").get(1).get("objectId").asText()).isEqualTo("0x30");
        assertThat(json.get("fields").get(1).has("value")).isFalse();
        assertThat(json.get("fields").get(2).get("value").asText()).isEqualTo("null");
    }
}

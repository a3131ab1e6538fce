package io.heapsight.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heapsight.hprof.WalkResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonReportTest {

    @Test
    void writesTheContractFieldsWithExactNumbers() throws Exception {
        JsonNode root = new ObjectMapper().readTree(JsonReport.render(SmallReports.analysis(WalkResult.Status.COMPLETE, true)));

        assertThat(root.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(root.get("tool").asText()).isEqualTo("heapsight");
        assertThat(root.at("/dump/status").asText()).isEqualTo("complete");
        assertThat(root.at("/dump/idSize").asInt()).isEqualTo(8);
        assertThat(root.at("/summary/objects").asLong()).isEqualTo(100_000);
        assertThat(root.at("/summary/reachableBytes").asLong()).isEqualTo(48L << 20);
        assertThat(root.get("histogram")).hasSize(3);
        assertThat(root.at("/histogram/0/className").asText()).isEqualTo("com.example.Session");
        assertThat(root.at("/suspects/0/holder").asText()).isEqualTo("com.example.Cache.ENTRIES");
        assertThat(root.at("/suspects/0/retainedBytes").asLong()).isEqualTo(30L << 20);
        assertThat(root.at("/dominators/0/retainedBytes").asLong()).isEqualTo(30L << 20);
    }

    @Test
    void statusIsTheLowercaseToken() throws Exception {
        JsonNode root = new ObjectMapper().readTree(JsonReport.render(SmallReports.analysis(WalkResult.Status.TRUNCATED, false)));

        assertThat(root.at("/dump/status").asText()).isEqualTo("truncated");
        assertThat(root.at("/dump/bytesRead").asLong()).isEqualTo(40L << 20);
    }
}

package io.heapsight.charts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The page data writer: valid JSON that means what was written, and nothing the HTML parser could act on. */
class JsonOutTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void hostileStringsRoundTripAndLeaveNoMarkup() throws Exception {
        String hostile = "</script><!--<script>alert(1)</script> & \u2028\u2029 \"q\" \\ \n\t\u0000\u001b é 😀";
        String json = new JsonOut().beginObject().field("s", hostile).field("k</script>", 1).endObject().toString();
        assertThat(json).doesNotContain("<", ">", "&", "\u2028", "\u2029", "\u0000", "\u001b");
        JsonNode n = mapper.readTree(json);
        assertThat(n.path("s").asText()).isEqualTo(hostile);
        assertThat(n.path("k</script>").asInt()).isEqualTo(1);
    }

    @Test
    void anUnpairedSurrogateIsEscapedNotLost() throws Exception {
        String json = new JsonOut().beginArray().value("a\ud800b").value("\udc00").endArray().toString();
        assertThat(json).isEqualTo("[\"a\\ud800b\",\"\\udc00\"]");
    }

    @Test
    void numbersJsonCannotHoldAreNullAndWholeNumbersHaveNoFraction() throws Exception {
        String json = new JsonOut().beginObject().array("v", new double[]{1, 1.5, Double.NaN, Double.POSITIVE_INFINITY, -2, 1e20})
                .field("l", Long.MAX_VALUE).field("b", true).name("n").nullValue().endObject().toString();
        assertThat(json).isEqualTo("{\"v\":[1,1.5,null,null,-2,1.0E20],\"l\":9223372036854775807,\"b\":true,\"n\":null}");
        assertThat(mapper.readTree(json).path("v").get(5).asDouble()).isEqualTo(1e20);
    }

    @Test
    void nestedContainersSeparateTheirMembers() throws Exception {
        String json = new JsonOut().beginObject().name("a").beginArray().beginObject().field("x", 1).endObject()
                .beginObject().endObject().beginArray().endArray().endArray().field("b", "c").endObject().toString();
        assertThat(json).isEqualTo("{\"a\":[{\"x\":1},{},[]],\"b\":\"c\"}");
    }
}

package io.heapsight.analysis.query;

import io.heapsight.analysis.result.ObjectRef;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryArgsTest {
    @Test
    void idsAreHexWithOrWithoutPrefixUpTo64Bits() {
        assertThat(ObjectRef.parseId("0x7f3a12b8")).isEqualTo(0x7f3a12b8L);
        assertThat(ObjectRef.parseId("7F3A12B8")).isEqualTo(0x7f3a12b8L);
        assertThat(ObjectRef.parseId("0xffffffffffffffff")).isEqualTo(-1L);
        assertThatThrownBy(() -> ObjectRef.parseId("0x1ffffffffffffffff")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ObjectRef.parseId("12z")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ObjectRef.object(0x10L, "java.util.HashMap").display()).isEqualTo("java.util.HashMap@0x10");
        assertThat(ObjectRef.ofClass(0x10L, "java.util.HashMap").display()).isEqualTo("class java.util.HashMap");
    }

    @Test
    void badArgumentsNameTheArgument() {
        QueryArgs args = QueryArgs.of("limit", "0", "offset", "x", "object", "zz");
        assertThatThrownBy(() -> args.limit(100, 1000)).isInstanceOf(QueryException.class).hasMessageContaining("limit");
        assertThatThrownBy(args::offset).isInstanceOf(QueryException.class).hasMessageContaining("offset");
        assertThatThrownBy(() -> args.objectId("object")).isInstanceOf(QueryException.class)
                .satisfies(e -> assertThat(((QueryException) e).reason()).isEqualTo(QueryException.Reason.BAD_ARGUMENT));
        assertThat(QueryArgs.of("limit", "50").limit(100, 1000)).isEqualTo(50);
        assertThat(QueryArgs.NONE.limit(100, 1000)).isEqualTo(100);
        assertThat(QueryArgs.of("weak", "").flag("weak")).isTrue();
        assertThat(QueryArgs.NONE.flag("weak")).isFalse();
    }
}

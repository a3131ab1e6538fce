package io.heapsight.monitor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClassHistogramTest {
    static final String BEFORE = """
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:          1000         100000  [B (java.base@25.0.3)
               2:           500          12000  java.lang.String (java.base@25.0.3)
               3:            10            240  com.example.Gone
            Total          1510         112240
            """;
    static final String AFTER = """
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:          5000         500000  [B (java.base@25.0.3)
               2:           600          14400  java.lang.String (java.base@25.0.3)
               3:           100           1600  com.example.Session
            Total          5700         516000
            """;

    @Test
    void parsesRowsAndTotals() {
        ClassHistogram h = ClassHistogram.parse(BEFORE);
        assertThat(h.rows()).hasSize(3);
        assertThat(h.rows().getFirst()).isEqualTo(new ClassHistogram.Row("[B", 1000, 100000));
        assertThat(h.totalInstances()).isEqualTo(1510);
        assertThat(h.totalBytes()).isEqualTo(112240);
    }

    @Test
    void growthIsOrderedByBytesGained() {
        var growth = ClassHistogram.parse(AFTER).growthSince(ClassHistogram.parse(BEFORE), 10);
        assertThat(growth).extracting(ClassHistogram.Growth::className)
                .containsExactly("[B", "java.lang.String", "com.example.Session", "com.example.Gone");
        assertThat(growth.getFirst().deltaBytes()).isEqualTo(400000);
        assertThat(growth.getFirst().deltaInstances()).isEqualTo(4000);
        assertThat(growth.getLast().deltaBytes()).isEqualTo(-240);
    }
}

package io.heapsight.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClassNamesTest {

    @Test
    void internalNamesAsHprofStoresThem() {
        assertThat(ClassNames.fromInternal("java/lang/String")).isEqualTo("java.lang.String");
        assertThat(ClassNames.fromInternal("[Ljava/lang/String;")).isEqualTo("java.lang.String[]");
        assertThat(ClassNames.fromInternal("[[I")).isEqualTo("int[][]");
        assertThat(ClassNames.fromInternal("[Z")).isEqualTo("boolean[]");
        assertThat(ClassNames.fromInternal("java/util/HashMap$Node")).isEqualTo("java.util.HashMap$Node");
        assertThat(ClassNames.fromInternal("com/example/Foo$$Lambda+0x000001")).isEqualTo("com.example.Foo$$Lambda/0x000001");
        assertThat(ClassNames.fromInternal("Foo")).isEqualTo("Foo");
    }

    @Test
    void binaryNamesAsClassGetNameAndJmapPrintThem() {
        assertThat(ClassNames.fromBinary("[C")).isEqualTo("char[]");
        assertThat(ClassNames.fromBinary("[[[J")).isEqualTo("long[][][]");
        assertThat(ClassNames.fromBinary("[Ljava.lang.Object;")).isEqualTo("java.lang.Object[]");
        assertThat(ClassNames.fromBinary("java.util.HashMap$Node")).isEqualTo("java.util.HashMap$Node");
        assertThat(ClassNames.fromBinary("java.util.regex.Pattern$$Lambda/0x800000027"))
                .isEqualTo("java.util.regex.Pattern$$Lambda/0x800000027");
        assertThat(ClassNames.fromBinary("<methodKlass>")).isEqualTo("<methodKlass>");
        // what the JVM itself answers, checked against reflection
        assertThat(ClassNames.fromBinary(String[][].class.getName())).isEqualTo(String[][].class.getCanonicalName());
        assertThat(ClassNames.fromBinary(double[].class.getName())).isEqualTo("double[]");
    }

    @Test
    void descriptors() {
        assertThat(ClassNames.fromDescriptor("I")).isEqualTo("int");
        assertThat(ClassNames.fromDescriptor("Ljava/lang/String;")).isEqualTo("java.lang.String");
        assertThat(ClassNames.fromDescriptor("[[J")).isEqualTo("long[][]");
        assertThat(ClassNames.toDescriptor("int")).isEqualTo("I");
        assertThat(ClassNames.toDescriptor("java.lang.String")).isEqualTo("Ljava/lang/String;");
        assertThat(ClassNames.toDescriptor("byte[]")).isEqualTo("[B");
        assertThatThrownBy(() -> ClassNames.fromDescriptor("java/lang/String")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sourceToInternalAndBack() {
        assertThat(ClassNames.toInternal("com.example.Node")).isEqualTo("com/example/Node");
        assertThat(ClassNames.toInternal("int[]")).isEqualTo("[I");
        assertThat(ClassNames.toInternal("java.lang.String[][]")).isEqualTo("[[Ljava/lang/String;");
        for (String s : new String[]{"com.example.Node", "int[]", "java.lang.String[][]", "boolean[][][]", "java.util.Map$Entry[]"}) {
            assertThat(ClassNames.fromInternal(ClassNames.toInternal(s))).as(s).isEqualTo(s);
        }
    }

    @Test
    void packageOfAName() {
        assertThat(ClassNames.packageOf("java.util.HashMap$Node")).isEqualTo("java.util");
        assertThat(ClassNames.packageOf("java.lang.String[]")).isEqualTo("java.lang");
        assertThat(ClassNames.packageOf("int[]")).isEmpty();
    }
}

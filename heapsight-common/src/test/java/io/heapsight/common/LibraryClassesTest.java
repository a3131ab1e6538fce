package io.heapsight.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LibraryClassesTest {

    @Test
    void collectionsOfTheJdkAndCommonLibraries() {
        for (String c : new String[]{"java.util.HashMap", "java.util.concurrent.ConcurrentHashMap$Node",
                "java.lang.ThreadLocal$ThreadLocalMap", "jdk.internal.misc.Foo", "com.google.common.collect.HashMultimap",
                "it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap", "kotlin.collections.ArrayDeque",
                "scala.collection.mutable.HashMap"}) {
            assertThat(LibraryClasses.isCollectionClass(c)).as(c).isTrue();
            assertThat(LibraryClasses.isPassThroughField(c)).as(c).isTrue();
            assertThat(LibraryClasses.isContainer(c, false)).as(c).isTrue();
        }
    }

    @Test
    void applicationClassesThreadsAndReferencesAreNotContainers() {
        assertThat(LibraryClasses.isContainer("com.example.Cache", false)).isFalse();
        assertThat(LibraryClasses.isContainer("java.lang.Thread", false)).isFalse();
        assertThat(LibraryClasses.isContainer("java.lang.ref.WeakReference", false)).isFalse();
        assertThat(LibraryClasses.isContainer("java.lang.String", false)).isFalse();
        assertThat(LibraryClasses.isPassThroughField("java.lang.Thread")).isFalse();
        assertThat(LibraryClasses.isPassThroughField("com.example.Cache")).isFalse();
    }

    @Test
    void arraysAndJdkInternalsContainButSunFieldsAreNotPassedThrough() {
        assertThat(LibraryClasses.isContainer("com.example.Node[]", true)).isTrue();
        assertThat(LibraryClasses.isContainer("sun.nio.ch.Util$BufferCache", false)).isTrue();
        assertThat(LibraryClasses.isPassThroughField("sun.nio.ch.Util$BufferCache")).isFalse();
        assertThat(LibraryClasses.isContainer("java.lang.ref.Finalizer$FinalizerThread", false)).isFalse();
    }

    @Test
    void entryClasses() {
        assertThat(LibraryClasses.isEntryClass("java.util.HashMap$Node")).isTrue();
        assertThat(LibraryClasses.isEntryClass("java.util.TreeMap$Entry")).isTrue();
        assertThat(LibraryClasses.isEntryClass("java.util.concurrent.ConcurrentSkipListMap$Index")).isFalse();
        assertThat(LibraryClasses.isEntryClass("com.example.LogEntry")).isFalse();
        assertThat(LibraryClasses.isEntryClass("com.example.Cache$Entry")).isTrue();
    }
}

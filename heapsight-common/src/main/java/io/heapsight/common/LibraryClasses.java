package io.heapsight.common;

import java.util.List;

/**
 * What heapsight knows about JDK and library classes, as one table every analysis reads: which classes are the
 * insides of collections (so a leak is named after the collection and the field that holds it, not after
 * {@code HashMap$Node.value} or {@code Object[][6]}), the way Shark keeps its JDK knowledge as data.
 */
public final class LibraryClasses {
    private LibraryClasses() {}

    /**
     * Packages (and nested-class prefixes) of collection implementations: their objects are containers and their
     * fields pass through to what the collection holds.
     */
    public static final List<String> COLLECTION_PACKAGES = List.of(
            "java.util.",                    // HashMap, ArrayList, ConcurrentHashMap, java.util.concurrent queues
            "java.lang.ThreadLocal$",        // ThreadLocalMap and its entries
            "jdk.internal.",                 // ImmutableCollections, jdk.internal.misc buffers
            "com.google.common.collect.",    // Guava
            "it.unimi.dsi.fastutil.",        // fastutil
            "kotlin.collections.",
            "scala.collection.");

    /**
     * JDK implementation packages whose objects are containers (a leak inside one is named after what holds it) but
     * whose fields are not treated as collection internals.
     */
    public static final List<String> JDK_INTERNAL_PACKAGES = List.of("sun.");

    /** Classes inside the packages above that are never containers: a thread or a reference is itself the holder. */
    public static final List<String> NOT_CONTAINERS = List.of("java.lang.Thread");

    /** Entry classes of hash maps, trees and lists: the element of a collection is what such an entry points to. */
    public static final List<String> ENTRY_SUFFIXES = List.of("$Node", "$Entry", "$TreeNode", "$TreeBin");

    /** True for a collection implementation class (java.util.HashMap, Guava, fastutil, ...). */
    public static boolean isCollectionClass(String className) {
        return !NOT_CONTAINERS.contains(className) && startsWithAny(className, COLLECTION_PACKAGES);
    }

    /**
     * True for an object that may contain an application's objects on their way to the collection that owns it: an
     * array, a collection class, a JDK implementation class; not a thread, not a plain {@code java.lang.ref}
     * reference.
     */
    public static boolean isContainer(String className, boolean isArray) {
        if (NOT_CONTAINERS.contains(className)) return false;
        if (className.startsWith("java.lang.ref.") && !className.contains("$")) return false;
        return isArray || isCollectionClass(className) || startsWithAny(className, JDK_INTERNAL_PACKAGES);
    }

    /**
     * True for a field that only passes through to the collection's content (ArrayList.elementData,
     * HashMap$Node.value): a holder is named after the nearest field above it that is not one of these.
     */
    public static boolean isPassThroughField(String declaringClass) {
        return isCollectionClass(declaringClass);
    }

    /** True for an entry class of a map or list ("java.util.HashMap$Node", "java.util.TreeMap$Entry"). */
    public static boolean isEntryClass(String className) {
        for (String s : ENTRY_SUFFIXES) if (className.endsWith(s)) return true;
        return className.endsWith("Entry") && className.startsWith("java.");
    }

    private static boolean startsWithAny(String name, List<String> prefixes) {
        for (String p : prefixes) if (name.startsWith(p)) return true;
        return false;
    }
}

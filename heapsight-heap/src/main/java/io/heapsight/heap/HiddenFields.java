package io.heapsight.heap;

import java.util.Map;
import java.util.Set;

/**
 * What HotSpot adds to a few JDK classes beyond the fields HPROF lists: injected fields (javaClasses.hpp, e.g.
 * ClassLoader.loader_data) and {@code @Contended} padding (128 bytes around the annotated fields or class; only JDK
 * classes get it by default). Both depend on the JDK release. Sizes in bytes; {@link #REFERENCE} stands for a
 * reference field, {@link #POINTER} for a native pointer (4 bytes on 32-bit JVMs, else 8).
 */
final class HiddenFields {
    private HiddenFields() {}

    static final int REFERENCE = -1;
    static final int POINTER = -2;
    /** HotSpot's ContendedPaddingWidth. */
    static final int CONTENDED_PADDING = 128;

    private static final int[] NONE = {};

    /**
     * java.lang.Class mirrors: up to JDK 6 the klass pointers were (permgen) references placed before the fields;
     * JDK 7 added the mirror's size and static field count; JDK 8 (metaspace) made the klass pointers native.
     * Checked against the object addresses of the JDK 5-11 fixture dumps (primitive-type mirrors).
     */
    private static final Map<String, int[]> JDK5 = Map.of(
            "java.lang.Class", new int[]{REFERENCE, REFERENCE});
    private static final Map<String, int[]> JDK6 = Map.of(
            "java.lang.Class", new int[]{REFERENCE, REFERENCE, REFERENCE});
    /** JDK 7 and 8: also the MemberName internals of JSR 292 and (8) the loader's ClassLoaderData. */
    private static final Map<String, int[]> JDK7 = Map.of(
            "java.lang.Class", new int[]{REFERENCE, REFERENCE, REFERENCE, 4, 4},
            "java.lang.invoke.MemberName", new int[]{REFERENCE, POINTER, POINTER});
    private static final Map<String, int[]> JDK8 = Map.of(
            "java.lang.Class", new int[]{POINTER, POINTER, 4, 4, REFERENCE, REFERENCE, REFERENCE},
            "java.lang.ClassLoader", new int[]{POINTER},
            "java.lang.invoke.MemberName", new int[]{REFERENCE, POINTER, POINTER});
    /** JDK 9-14: modules, resolved method names, stack walking. */
    private static final Map<String, int[]> JDK9_14 = Map.of(
            "java.lang.Class", new int[]{POINTER, POINTER, 4, 4, REFERENCE, REFERENCE, REFERENCE},
            "java.lang.ClassLoader", new int[]{POINTER},
            "java.lang.Module", new int[]{POINTER},
            "java.lang.invoke.MemberName", new int[]{POINTER},
            "java.lang.invoke.ResolvedMethodName", new int[]{REFERENCE, POINTER},
            "java.lang.invoke.MethodHandleNatives$CallSiteContext", new int[]{POINTER},
            "java.lang.StackFrameInfo", new int[]{2});
    /** JDK 15-18 (checked against the JVM's own histogram on JDK 17). */
    private static final Map<String, int[]> JDK15 = Map.of(
            "java.lang.ClassLoader", new int[]{8},
            "java.lang.Module", new int[]{8},
            "java.lang.invoke.MemberName", new int[]{8},
            "java.lang.invoke.ResolvedMethodName", new int[]{8},
            "java.lang.invoke.MethodHandleNatives$CallSiteContext", new int[]{8, 8});
    /** JDK 19 and later: also Thread's JVMTI and JFR state (checked against the JVM's own histogram on JDK 25). */
    private static final Map<String, int[]> JDK19 = Map.of(
            "java.lang.ClassLoader", new int[]{8},
            "java.lang.Module", new int[]{8},
            "java.lang.invoke.MemberName", new int[]{8},
            "java.lang.invoke.ResolvedMethodName", new int[]{8},
            "java.lang.invoke.MethodHandleNatives$CallSiteContext", new int[]{8, 8},
            "java.lang.Thread", new int[]{8, 4, 1, 2});

    /**
     * Classes annotated {@code @Contended} as a whole (padded before and after their fields), from JDK 8 (field
     * offsets read with Unsafe on JDK 17 and 25: CounterCell's value at 144; Exchanger's Node no longer padded in 25).
     */
    private static final Set<String> CONTENDED_CLASSES = Set.of(
            "java.util.concurrent.ConcurrentHashMap$CounterCell",
            "java.util.concurrent.atomic.Striped64$Cell");
    private static final String EXCHANGER_NODE = "java.util.concurrent.Exchanger$Node";
    private static final Set<String> CONTENDED_CLASSES_JDK8 = Set.of(
            "java.util.concurrent.ForkJoinPool",
            "java.util.concurrent.ForkJoinPool$WorkQueue");
    /** Thread's ThreadLocalRandom state: one contended group ("tlr"), JDK 8-18. */
    private static final Set<String> THREAD_TLR = Set.of(
            "threadLocalRandomSeed", "threadLocalRandomProbe", "threadLocalRandomSecondarySeed");

    /** Throwable.backtrace, a reference HotSpot keeps from JVMTI: dumps of the old hprof agent lack it. */
    private static final int[] BACKTRACE = {REFERENCE};

    /**
     * Sizes of the fields HotSpot injects into this class, with {@link #POINTER} resolved for the layout, plus a
     * declared field the dump does not list (Throwable.backtrace in hprof agent dumps).
     */
    static int[] injected(HeapClass c, ObjectLayout layout) {
        if (c.name.equals("java.lang.Throwable") && c.loaderId == 0 && c.ownFieldNames.length > 0
                && !java.util.Arrays.asList(c.ownFieldNames).contains("backtrace")) {
            return BACKTRACE;
        }
        int jdk = effectiveJdk(layout);
        Map<String, int[]> table;
        if (jdk >= 19) table = JDK19;
        else if (jdk >= 15) table = JDK15;
        else if (jdk >= 9) table = JDK9_14;
        else if (jdk == 8) table = JDK8;
        else if (jdk == 7) table = JDK7;
        else if (jdk == 6) table = JDK6;
        else table = JDK5;
        int[] sizes = table.get(c.name);
        if (sizes == null) return NONE;
        int[] out = sizes.clone();
        int pointer = layout.headerSize() == 8 ? 4 : 8; // before JDK 15 an 8-byte header means a 32-bit JVM
        for (int i = 0; i < out.length; i++) if (out[i] == POINTER) out[i] = pointer;
        return out;
    }

    /** The JDK whose rules apply: the dump's, else the most common release of the scheme's era (8, or 25). */
    static int effectiveJdk(ObjectLayout layout) {
        if (layout.jdk() > 0) return layout.jdk();
        return layout.fieldScheme() == ObjectLayout.FieldScheme.PER_CLASS ? 8 : 25;
    }

    /** True when the whole class is {@code @Contended} in that JDK. */
    static boolean contendedClass(String className, int jdk) {
        if (jdk < 8) return false;
        return CONTENDED_CLASSES.contains(className) || (jdk == 8 && CONTENDED_CLASSES_JDK8.contains(className))
                || (jdk <= 21 && className.equals(EXCHANGER_NODE)); // the last release with it padded is a guess
    }

    /** The contended group of a declared field, or null when it is laid out normally. */
    static String contendedGroup(String className, String field, int jdk) {
        if (jdk < 8 || jdk > 18) return null;
        return className.equals("java.lang.Thread") && THREAD_TLR.contains(field) ? "tlr" : null;
    }
}

package io.heapsight.heap;

import io.heapsight.hprof.HprofTag;

/** Why the JVM keeps an object alive without any reference to it from the heap. */
public enum GcRootKind {
    JNI_GLOBAL("JNI global"),
    JNI_LOCAL("JNI local"),
    JAVA_FRAME("Java frame local"),
    NATIVE_STACK("native stack"),
    STICKY_CLASS("system class"),
    THREAD_BLOCK("thread block"),
    MONITOR_USED("busy monitor"),
    THREAD_OBJECT("thread"),
    INTERNED_STRING("interned string"),
    FINALIZING("finalizing"),
    DEBUGGER("debugger"),
    REFERENCE_CLEANUP("reference cleanup"),
    VM_INTERNAL("VM internal"),
    JNI_MONITOR("JNI monitor"),
    UNKNOWN("unknown root");

    private final String label;

    GcRootKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Maps an HPROF root sub-record tag; null for tags that are not roots (e.g. Android's UNREACHABLE). */
    public static GcRootKind fromTag(int tag) {
        return switch (tag) {
            case HprofTag.ROOT_JNI_GLOBAL -> JNI_GLOBAL;
            case HprofTag.ROOT_JNI_LOCAL -> JNI_LOCAL;
            case HprofTag.ROOT_JAVA_FRAME -> JAVA_FRAME;
            case HprofTag.ROOT_NATIVE_STACK -> NATIVE_STACK;
            case HprofTag.ROOT_STICKY_CLASS -> STICKY_CLASS;
            case HprofTag.ROOT_THREAD_BLOCK -> THREAD_BLOCK;
            case HprofTag.ROOT_MONITOR_USED -> MONITOR_USED;
            case HprofTag.ROOT_THREAD_OBJECT -> THREAD_OBJECT;
            case HprofTag.ANDROID_ROOT_INTERNED_STRING -> INTERNED_STRING;
            case HprofTag.ANDROID_ROOT_FINALIZING -> FINALIZING;
            case HprofTag.ANDROID_ROOT_DEBUGGER -> DEBUGGER;
            case HprofTag.ANDROID_ROOT_REFERENCE_CLEANUP -> REFERENCE_CLEANUP;
            case HprofTag.ANDROID_ROOT_VM_INTERNAL -> VM_INTERNAL;
            case HprofTag.ANDROID_ROOT_JNI_MONITOR -> JNI_MONITOR;
            case HprofTag.ROOT_UNKNOWN -> UNKNOWN;
            default -> null;
        };
    }
}

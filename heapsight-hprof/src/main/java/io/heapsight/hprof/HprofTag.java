package io.heapsight.hprof;

/** Tags of HPROF top-level records and heap-dump sub-records (OpenJDK heapDumper.cpp, plus Android's extensions). */
public final class HprofTag {
    private HprofTag() {}

    // top-level records: u1 tag, u4 micros since header time, u4 body length
    public static final int UTF8 = 0x01;
    public static final int LOAD_CLASS = 0x02;
    public static final int UNLOAD_CLASS = 0x03;
    public static final int STACK_FRAME = 0x04;
    public static final int STACK_TRACE = 0x05;
    public static final int ALLOC_SITES = 0x06;
    public static final int HEAP_SUMMARY = 0x07;
    public static final int START_THREAD = 0x0A;
    public static final int END_THREAD = 0x0B;
    public static final int HEAP_DUMP = 0x0C;
    public static final int CPU_SAMPLES = 0x0D;
    public static final int CONTROL_SETTINGS = 0x0E;
    public static final int HEAP_DUMP_SEGMENT = 0x1C;
    public static final int HEAP_DUMP_END = 0x2C;

    // heap-dump sub-records
    public static final int ROOT_UNKNOWN = 0xFF;
    public static final int ROOT_JNI_GLOBAL = 0x01;
    public static final int ROOT_JNI_LOCAL = 0x02;
    public static final int ROOT_JAVA_FRAME = 0x03;
    public static final int ROOT_NATIVE_STACK = 0x04;
    public static final int ROOT_STICKY_CLASS = 0x05;
    public static final int ROOT_THREAD_BLOCK = 0x06;
    public static final int ROOT_MONITOR_USED = 0x07;
    public static final int ROOT_THREAD_OBJECT = 0x08;
    public static final int CLASS_DUMP = 0x20;
    public static final int INSTANCE_DUMP = 0x21;
    public static final int OBJECT_ARRAY_DUMP = 0x22;
    public static final int PRIMITIVE_ARRAY_DUMP = 0x23;
    // Android extensions, accepted so such dumps parse
    public static final int ANDROID_ROOT_INTERNED_STRING = 0x89;
    public static final int ANDROID_ROOT_FINALIZING = 0x8A;
    public static final int ANDROID_ROOT_DEBUGGER = 0x8B;
    public static final int ANDROID_ROOT_REFERENCE_CLEANUP = 0x8C;
    public static final int ANDROID_ROOT_VM_INTERNAL = 0x8D;
    public static final int ANDROID_ROOT_JNI_MONITOR = 0x8E;
    public static final int ANDROID_UNREACHABLE = 0x90;
    public static final int ANDROID_PRIMITIVE_ARRAY_NODATA = 0xC3;
    public static final int ANDROID_HEAP_DUMP_INFO = 0xFE;
}

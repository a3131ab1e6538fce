package io.heapsight.hprof;

import io.heapsight.common.ClassNames;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes small, correct HPROF files ("JAVA PROFILE 1.0.2" or "1.0.1", big-endian, identifiers of 4 or 8 bytes) for
 * tests: synthetic heaps with exactly the classes, objects, GC roots and threads a test declares, plus helpers to
 * truncate or corrupt the result. Layouts follow HotSpot's heapDumper.cpp: class names in internal form
 * ("java/lang/String", "[B"), LOAD_CLASS for every class, a dummy stack trace of serial 1, CLASS_DUMPs first,
 * then objects, then roots, in HEAP_DUMP_SEGMENTs closed by HEAP_DUMP_END.
 *
 * <pre>{@code
 * HprofWriter w = HprofWriter.create().idSize(4).segmentSize(4096).withStandardClasses();
 * HprofWriter.ClassRef node = w.declareClass("com.example.Node")
 *         .instanceField("next", HprofWriter.Type.OBJECT).instanceField("value", HprofWriter.Type.INT).define();
 * long tail = w.newInstance(node).set("value", 2).write();
 * long head = w.newInstance(node).set("next", tail).set("value", 1).write();
 * w.rootStickyClass(node.id());
 * w.thread("main").frame("com.example.Main", "main", "([Ljava/lang/String;)V", "Main.java", 12)
 *         .javaFrameRoot(head, 0).start();
 * HprofWriter.Layout layout = w.write(dir.resolve("tiny.hprof"));
 * }</pre>
 *
 * Declare everything before {@link #write}; options (id size, format) must be set before the first declaration.
 * Object ids are handed out by the writer (aligned like addresses) and returned by each declaration.
 */
public final class HprofWriter {

    // top-level record tags
    public static final int TAG_UTF8 = 0x01;
    public static final int TAG_LOAD_CLASS = 0x02;
    public static final int TAG_STACK_FRAME = 0x04;
    public static final int TAG_STACK_TRACE = 0x05;
    public static final int TAG_HEAP_DUMP = 0x0C;
    public static final int TAG_HEAP_DUMP_SEGMENT = 0x1C;
    public static final int TAG_HEAP_DUMP_END = 0x2C;
    // heap dump sub-record tags
    public static final int SUB_CLASS_DUMP = 0x20;
    public static final int SUB_INSTANCE_DUMP = 0x21;
    public static final int SUB_OBJECT_ARRAY_DUMP = 0x22;
    public static final int SUB_PRIMITIVE_ARRAY_DUMP = 0x23;
    public static final int SUB_PRIMITIVE_ARRAY_NODATA = 0xC3;

    public static final String FORMAT_102 = "JAVA PROFILE 1.0.2";
    public static final String FORMAT_101 = "JAVA PROFILE 1.0.1";

    /** Basic types as HPROF numbers them. */
    public enum Type {
        OBJECT(2, -1), BOOLEAN(4, 1), CHAR(5, 2), FLOAT(6, 4), DOUBLE(7, 8), BYTE(8, 1), SHORT(9, 2), INT(10, 4), LONG(11, 8);

        public final int code;
        private final int fixedSize;

        Type(int code, int fixedSize) {
            this.code = code;
            this.fixedSize = fixedSize;
        }

        /** Bytes of one value in the dump (identifiers for OBJECT). */
        public int size(int idSize) {
            return fixedSize < 0 ? idSize : fixedSize;
        }

        static Type ofPrimitiveArray(Object array) {
            // an instanceof chain, not a type-pattern switch: this module compiles to Java 17 (DECISIONS.md)
            if (array instanceof boolean[]) return BOOLEAN;
            if (array instanceof char[]) return CHAR;
            if (array instanceof float[]) return FLOAT;
            if (array instanceof double[]) return DOUBLE;
            if (array instanceof byte[]) return BYTE;
            if (array instanceof short[]) return SHORT;
            if (array instanceof int[]) return INT;
            if (array instanceof long[]) return LONG;
            throw new IllegalArgumentException("not a primitive array: " + array.getClass().getName());
        }

        String sourceName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** GC root sub-record kinds, with their HPROF tags. */
    public enum RootKind {
        UNKNOWN(0xFF), JNI_GLOBAL(0x01), JNI_LOCAL(0x02), JAVA_FRAME(0x03), NATIVE_STACK(0x04), STICKY_CLASS(0x05),
        THREAD_BLOCK(0x06), MONITOR_USED(0x07), THREAD_OBJECT(0x08);

        public final int tag;

        RootKind(int tag) {
            this.tag = tag;
        }
    }

    public record Field(String name, Type type) {}

    /** A declared class: its object id, source-style name, LOAD_CLASS serial and fields (own, then supers'). */
    public record ClassRef(long id, String name, int serial, ClassRef superclass, List<Field> instanceFields) {
        /** Own instance fields followed by the superclasses', the order of values in an INSTANCE_DUMP. */
        public List<Field> allInstanceFields() {
            List<Field> all = new ArrayList<>(instanceFields);
            if (superclass != null) all.addAll(superclass.allInstanceFields());
            return all;
        }
    }

    /** Where one top-level record landed in the written file: offset of its tag byte, length of its body. */
    public record RecordPosition(int tag, long offset, long bodyLength) {
        /** Offset of the u4 length field (tag u1 + time u4 before it). */
        public long lengthOffset() {
            return offset + 5;
        }

        public long bodyOffset() {
            return offset + 9;
        }
    }

    /** The written file and where its records are, for corruption tests. */
    public record Layout(Path file, long size, int idSize, List<RecordPosition> records) {
        public List<RecordPosition> all(int tag) {
            return records.stream().filter(r -> r.tag() == tag).toList();
        }

        public RecordPosition first(int tag) {
            return records.stream().filter(r -> r.tag() == tag).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no record with tag 0x" + Integer.toHexString(tag)));
        }
    }

    private String format = FORMAT_102;
    private int idSize = 8;
    private long segmentSize = 1L << 30; // HotSpot's segments are ~1 GB; tests shrink this
    private long timestamp = 1_700_000_000_000L;
    private boolean frozen;

    private long nextId = 0x1000;
    private int nextClassSerial = 1;
    private int nextThreadSerial = 1;
    private int nextTraceSerial = 2; // 1 is the dummy trace every object refers to, as in HotSpot

    private final Map<String, Long> nameIds = new LinkedHashMap<>();
    private final Map<String, ClassRef> classes = new LinkedHashMap<>();
    private final List<byte[]> topLevel = new ArrayList<>();      // UTF8, LOAD_CLASS, FRAME, TRACE records
    private final List<byte[]> classDumps = new ArrayList<>();
    private final List<byte[]> objectDumps = new ArrayList<>();
    private final List<byte[]> rootDumps = new ArrayList<>();

    private HprofWriter() {}

    public static HprofWriter create() {
        return new HprofWriter();
    }

    // ---------------------------------------------------------------------------------------- options

    /** Identifier size, 4 or 8 (default 8). */
    public HprofWriter idSize(int size) {
        if (size != 4 && size != 8) throw new IllegalArgumentException("id size must be 4 or 8, got " + size);
        checkNotFrozen("idSize");
        this.idSize = size;
        return this;
    }

    /** {@link #FORMAT_102} (default: segments + end record) or {@link #FORMAT_101} (one HEAP_DUMP record). */
    public HprofWriter format(String format) {
        if (!format.equals(FORMAT_102) && !format.equals(FORMAT_101)) {
            throw new IllegalArgumentException("format must be '" + FORMAT_102 + "' or '" + FORMAT_101 + "'");
        }
        checkNotFrozen("format");
        this.format = format;
        return this;
    }

    /** Largest body of one HEAP_DUMP_SEGMENT; a sub-record never spans two (a bigger one gets a segment alone). */
    public HprofWriter segmentSize(long bytes) {
        if (bytes < 1) throw new IllegalArgumentException("segment size must be positive");
        this.segmentSize = bytes;
        return this;
    }

    /** Header time stamp in millis since the epoch (default fixed, so files are reproducible). */
    public HprofWriter timestamp(long millis) {
        this.timestamp = millis;
        return this;
    }

    public int idSize() {
        return idSize;
    }

    private void checkNotFrozen(String option) {
        if (frozen) throw new IllegalStateException(option + " must be set before anything is declared");
    }

    // ---------------------------------------------------------------------------------------- classes

    /**
     * Declares what HotSpot's dumps always contain: java.lang.Object, Class, String (value byte[], coder, hash,
     * hashIsZero), ClassLoader, Thread (name, tid), java.lang.ref.Reference (referent, queue, next, discovered)
     * with WeakReference, SoftReference (timestamp) and PhantomReference, the eight primitive array classes and
     * Object[], String[]. Needed by {@link #string}, {@link #reference} and {@link #thread}.
     */
    public HprofWriter withStandardClasses() {
        ClassRef object = declareClass("java.lang.Object").superclass(null).define();
        declareClass("java.lang.Class").instanceField("name", Type.OBJECT).instanceField("classLoader", Type.OBJECT)
                .instanceField("componentType", Type.OBJECT).define();
        declareClass("java.lang.String").instanceField("value", Type.OBJECT).instanceField("hash", Type.INT)
                .instanceField("coder", Type.BYTE).instanceField("hashIsZero", Type.BOOLEAN).define();
        declareClass("java.lang.ClassLoader").instanceField("parent", Type.OBJECT).define();
        declareClass("java.lang.Thread").instanceField("name", Type.OBJECT).instanceField("tid", Type.LONG).define();
        ClassRef reference = declareClass("java.lang.ref.Reference").instanceField("referent", Type.OBJECT)
                .instanceField("queue", Type.OBJECT).instanceField("next", Type.OBJECT)
                .instanceField("discovered", Type.OBJECT).define();
        declareClass("java.lang.ref.WeakReference").superclass(reference).define();
        declareClass("java.lang.ref.SoftReference").superclass(reference).instanceField("timestamp", Type.LONG).define();
        declareClass("java.lang.ref.PhantomReference").superclass(reference).define();
        for (Type t : Type.values()) {
            if (t != Type.OBJECT) declareClass(t.sourceName() + "[]").superclass(object).define();
        }
        declareClass("java.lang.Object[]").superclass(object).define();
        declareClass("java.lang.String[]").superclass(object).define();
        return this;
    }

    /** Starts declaring a class by source-style name ("com.example.Node", "int[]", "java.lang.String[]"). */
    public ClassBuilder declareClass(String name) {
        if (classes.containsKey(name)) throw new IllegalArgumentException("class " + name + " already declared");
        return new ClassBuilder(name);
    }

    /** A class declared earlier (including the standard ones). */
    public ClassRef classNamed(String name) {
        ClassRef c = classes.get(name);
        if (c == null) throw new IllegalArgumentException("class " + name + " is not declared" + (name.startsWith("java.")
                ? " (did you call withStandardClasses()?)" : ""));
        return c;
    }

    public final class ClassBuilder {
        private final String name;
        private ClassRef superclass;
        private boolean superSet;
        private long loaderId;
        private Integer instanceSize;
        private Long explicitId;
        private Long rawSuperId;
        private final List<Field> instanceFields = new ArrayList<>();
        private final List<Field> staticFields = new ArrayList<>();
        private final List<Object> staticValues = new ArrayList<>();

        private ClassBuilder(String name) {
            this.name = name;
        }

        /** Default: java.lang.Object when declared, else none. Null: no superclass. */
        public ClassBuilder superclass(ClassRef superclass) {
            this.superclass = superclass;
            this.superSet = true;
            return this;
        }

        /** Uses this class object id instead of a fresh one (hostile dumps: crafted or extreme ids). */
        public ClassBuilder id(long classId) {
            this.explicitId = classId;
            return this;
        }

        /**
         * Writes this superclass id in the CLASS_DUMP whatever it names (a class declared later, itself: a loop), for
         * corrupt-hierarchy tests. Instances are then written with the class's own fields only.
         */
        public ClassBuilder superclassId(long superId) {
            this.rawSuperId = superId;
            this.superclass = null;
            this.superSet = true;
            return this;
        }

        public ClassBuilder loader(long classLoaderId) {
            this.loaderId = classLoaderId;
            return this;
        }

        public ClassBuilder instanceField(String fieldName, Type type) {
            instanceFields.add(new Field(fieldName, type));
            return this;
        }

        /** A static field and its value (a Number id or null for OBJECT; a Boolean, Character or Number otherwise). */
        public ClassBuilder staticField(String fieldName, Type type, Object value) {
            staticFields.add(new Field(fieldName, type));
            staticValues.add(value);
            return this;
        }

        /** Overrides the CLASS_DUMP's instance size (default: HPROF bytes of all instance fields, as HotSpot writes). */
        public ClassBuilder instanceSize(int bytes) {
            this.instanceSize = bytes;
            return this;
        }

        public ClassRef define() {
            frozen = true;
            ClassRef sup = superSet ? superclass : classes.get("java.lang.Object");
            if (name.equals("java.lang.Object") && !superSet) sup = null;
            ClassRef ref = new ClassRef(explicitId != null ? explicitId : newId(), name, nextClassSerial++, sup,
                    List.copyOf(instanceFields));
            classes.put(name, ref);

            // LOAD_CLASS: u4 class serial, id class object, u4 stack trace serial, id class name
            Body load = new Body();
            load.u4(ref.serial()).id(ref.id()).u4(1).id(nameId(ClassNames.toInternal(name)));
            topLevel.add(record(TAG_LOAD_CLASS, load));

            Body d = new Body();
            long superId = rawSuperId != null ? rawSuperId : sup == null ? 0 : sup.id();
            d.u1(SUB_CLASS_DUMP).id(ref.id()).u4(1).id(superId).id(loaderId)
                    .id(0).id(0).id(0).id(0); // signers, protection domain, reserved, reserved
            int size = 0;
            for (Field f : ref.allInstanceFields()) size += f.type().size(idSize);
            d.u4(instanceSize != null ? instanceSize : size);
            d.u2(0); // constant pool
            d.u2(staticFields.size());
            for (int i = 0; i < staticFields.size(); i++) {
                Field f = staticFields.get(i);
                d.id(nameId(f.name())).u1(f.type().code);
                d.value(f.type(), staticValues.get(i), f.name());
            }
            d.u2(instanceFields.size());
            for (Field f : instanceFields) d.id(nameId(f.name())).u1(f.type().code);
            classDumps.add(d.bytes());
            return ref;
        }
    }

    // ---------------------------------------------------------------------------------------- objects

    public InstanceBuilder newInstance(ClassRef cls) {
        return new InstanceBuilder(cls);
    }

    public final class InstanceBuilder {
        private final ClassRef cls;
        private final Map<String, Object> values = new LinkedHashMap<>();
        private long id;

        private InstanceBuilder(ClassRef cls) {
            this.cls = Objects.requireNonNull(cls, "class");
        }

        /** Sets a field declared by the class or a superclass (first match from the class upwards). */
        public InstanceBuilder set(String field, Object value) {
            if (cls.allInstanceFields().stream().noneMatch(f -> f.name().equals(field))) {
                throw new IllegalArgumentException(cls.name() + " has no instance field '" + field + "'");
            }
            values.put(field, value);
            return this;
        }

        /** Uses this object id instead of a fresh one (e.g. to build a dangling or duplicate reference). */
        public InstanceBuilder id(long objectId) {
            this.id = objectId;
            return this;
        }

        /** Writes the INSTANCE_DUMP and returns the object's id. Unset fields are 0 / null. */
        public long write() {
            long objectId = id != 0 ? id : newId();
            Body fields = new Body();
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (Field f : cls.allInstanceFields()) {
                Object v = seen.add(f.name()) ? values.get(f.name()) : null; // shadowed super field: default
                fields.value(f.type(), v, f.name());
            }
            byte[] data = fields.bytes();
            Body d = new Body();
            d.u1(SUB_INSTANCE_DUMP).id(objectId).u4(1).id(cls.id()).u4(data.length).raw(data);
            objectDumps.add(d.bytes());
            return objectId;
        }
    }

    /** An OBJECT_ARRAY_DUMP of the given array class ("java.lang.Object[]" ...); 0 elements are nulls. */
    public long objectArray(ClassRef arrayClass, long... elements) {
        long id = newId();
        Body d = new Body();
        d.u1(SUB_OBJECT_ARRAY_DUMP).id(id).u4(1).u4(elements.length).id(arrayClass.id());
        for (long e : elements) d.id(e);
        objectDumps.add(d.bytes());
        return id;
    }

    /** A PRIMITIVE_ARRAY_DUMP of a Java primitive array (byte[], char[], int[], ...). */
    public long primitiveArray(Object array) {
        frozen = true;
        Type t = Type.ofPrimitiveArray(array);
        int n = java.lang.reflect.Array.getLength(array);
        long id = newId();
        Body d = new Body();
        d.u1(SUB_PRIMITIVE_ARRAY_DUMP).id(id).u4(1).u4(n).u1(t.code);
        for (int i = 0; i < n; i++) d.value(t, java.lang.reflect.Array.get(array, i), "element");
        objectDumps.add(d.bytes());
        return id;
    }

    /**
     * An Android HPROF "primitive array without data" (sub-record 0xC3): the header declares {@code length} elements
     * but no element bytes follow. Android writes these for arrays it chose not to dump.
     */
    public long primitiveArrayNoData(Type elementType, int length) {
        if (elementType == Type.OBJECT) throw new IllegalArgumentException("a primitive array has a primitive element type");
        long id = newId();
        Body d = new Body();
        d.u1(SUB_PRIMITIVE_ARRAY_NODATA).id(id).u4(1).u4(length).u1(elementType.code);
        objectDumps.add(d.bytes());
        return id;
    }

    /** A java.lang.String as JDK 9+ stores it: a byte[] value, LATIN1 (coder 0) when it fits, else UTF16 (coder 1). */
    public long string(String s) {
        boolean latin1 = s.chars().allMatch(c -> c < 256);
        byte[] value = latin1 ? s.getBytes(StandardCharsets.ISO_8859_1) : s.getBytes(StandardCharsets.UTF_16BE);
        long valueId = primitiveArray(value);
        return newInstance(classNamed("java.lang.String")).set("value", valueId).set("coder", (byte) (latin1 ? 0 : 1))
                .write();
    }

    /** An instance of a java.lang.ref.Reference subclass (e.g. WeakReference) pointing at referent. */
    public long reference(ClassRef referenceClass, long referent) {
        return newInstance(referenceClass).set("referent", referent).write();
    }

    // ---------------------------------------------------------------------------------------- roots

    public HprofWriter rootUnknown(long id) {
        return root(RootKind.UNKNOWN, new Body().id(id));
    }

    public HprofWriter rootJniGlobal(long id, long jniGlobalRefId) {
        return root(RootKind.JNI_GLOBAL, new Body().id(id).id(jniGlobalRefId));
    }

    public HprofWriter rootJniLocal(long id, int threadSerial, int frame) {
        return root(RootKind.JNI_LOCAL, new Body().id(id).u4(threadSerial).u4(frame));
    }

    public HprofWriter rootJavaFrame(long id, int threadSerial, int frame) {
        return root(RootKind.JAVA_FRAME, new Body().id(id).u4(threadSerial).u4(frame));
    }

    public HprofWriter rootNativeStack(long id, int threadSerial) {
        return root(RootKind.NATIVE_STACK, new Body().id(id).u4(threadSerial));
    }

    public HprofWriter rootStickyClass(long id) {
        return root(RootKind.STICKY_CLASS, new Body().id(id));
    }

    public HprofWriter rootThreadBlock(long id, int threadSerial) {
        return root(RootKind.THREAD_BLOCK, new Body().id(id).u4(threadSerial));
    }

    public HprofWriter rootMonitorUsed(long id) {
        return root(RootKind.MONITOR_USED, new Body().id(id));
    }

    public HprofWriter rootThreadObject(long id, int threadSerial, int stackTraceSerial) {
        return root(RootKind.THREAD_OBJECT, new Body().id(id).u4(threadSerial).u4(stackTraceSerial));
    }

    private HprofWriter root(RootKind kind, Body rest) {
        frozen = true;
        Body d = new Body();
        d.u1(kind.tag).raw(rest.bytes());
        rootDumps.add(d.bytes());
        return this;
    }

    // ---------------------------------------------------------------------------------------- threads

    /** A thread with a stack trace: a java.lang.Thread object, STACK_FRAMEs, a STACK_TRACE and a THREAD_OBJECT root. */
    public ThreadBuilder thread(String name) {
        return new ThreadBuilder(name);
    }

    public final class ThreadBuilder {
        private final String name;
        private final int serial = nextThreadSerial++;
        private final List<long[]> frames = new ArrayList<>(); // {frameId, methodNameId, signatureId, sourceId, classSerial, line}
        private final List<long[]> locals = new ArrayList<>(); // {objectId, frame, kind}

        private ThreadBuilder(String name) {
            this.name = name;
        }

        public int serial() {
            return serial;
        }

        /** Adds a frame, innermost first. The class must be declared; line -1 unknown, -3 native. */
        public ThreadBuilder frame(String className, String method, String signature, String sourceFile, int line) {
            ClassRef c = classNamed(className);
            frames.add(new long[] {newId(), nameId(method), nameId(signature), nameId(sourceFile), c.serial(), line});
            return this;
        }

        /** A ROOT_JAVA_FRAME: a local variable of frame number {@code frame} (0 = innermost) holds the object. */
        public ThreadBuilder javaFrameRoot(long objectId, int frame) {
            locals.add(new long[] {objectId, frame, RootKind.JAVA_FRAME.tag});
            return this;
        }

        /** A ROOT_JNI_LOCAL in frame number {@code frame}. */
        public ThreadBuilder jniLocalRoot(long objectId, int frame) {
            locals.add(new long[] {objectId, frame, RootKind.JNI_LOCAL.tag});
            return this;
        }

        /** Writes everything and returns the Thread object's id. */
        public long start() {
            long nameString = string(name);
            long threadId = newInstance(classNamed("java.lang.Thread")).set("name", nameString).set("tid", (long) serial)
                    .write();
            for (long[] f : frames) {
                // STACK_FRAME: id frame, id method name, id signature, id source file, u4 class serial, i4 line
                Body b = new Body();
                b.id(f[0]).id(f[1]).id(f[2]).id(f[3]).u4((int) f[4]).u4((int) f[5]);
                topLevel.add(record(TAG_STACK_FRAME, b));
            }
            int traceSerial = nextTraceSerial++;
            Body t = new Body();
            t.u4(traceSerial).u4(serial).u4(frames.size());
            for (long[] f : frames) t.id(f[0]);
            topLevel.add(record(TAG_STACK_TRACE, t));
            rootThreadObject(threadId, serial, traceSerial);
            for (long[] l : locals) {
                if (l[2] == RootKind.JAVA_FRAME.tag) rootJavaFrame(l[0], serial, (int) l[1]);
                else rootJniLocal(l[0], serial, (int) l[1]);
            }
            return threadId;
        }
    }

    // ---------------------------------------------------------------------------------------- writing

    /** Writes the file (replacing it, through {@link SafeFiles}) and returns where each top-level record is. */
    public Layout write(Path file) throws IOException {
        List<RecordPosition> positions = new ArrayList<>();
        SafeFiles.save(file, SafeFiles.Options.fresh().replacing(), ch -> writeTo(ch, positions));
        return new Layout(file, Files.size(file), idSize, Collections.unmodifiableList(positions));
    }

    private void writeTo(java.nio.channels.FileChannel ch, List<RecordPosition> positions) throws IOException {
        OutputStream os = new java.io.BufferedOutputStream(SafeFiles.stream(ch), 1 << 16);
        CountingStream counting = new CountingStream(os);
        DataOutputStream out = new DataOutputStream(counting);
        {
            out.write(format.getBytes(StandardCharsets.US_ASCII));
            out.write(0);
            out.writeInt(idSize);
            out.writeLong(timestamp);
            // the dummy stack trace (serial 1, no frames) that objects and classes refer to
            Body dummy = new Body();
            dummy.u4(1).u4(0).u4(0);
            emit(out, counting, positions, TAG_STACK_TRACE, dummy.bytes());
            for (byte[] r : topLevel) {
                emit(out, counting, positions, r[0] & 0xFF, java.util.Arrays.copyOfRange(r, 1, r.length));
            }
            List<byte[]> subRecords = new ArrayList<>(classDumps);
            subRecords.addAll(objectDumps);
            subRecords.addAll(rootDumps);
            if (format.equals(FORMAT_101)) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (byte[] s : subRecords) all.write(s);
                emit(out, counting, positions, TAG_HEAP_DUMP, all.toByteArray());
            } else {
                ByteArrayOutputStream segment = new ByteArrayOutputStream();
                for (byte[] s : subRecords) {
                    if (segment.size() > 0 && segment.size() + s.length > segmentSize) {
                        emit(out, counting, positions, TAG_HEAP_DUMP_SEGMENT, segment.toByteArray());
                        segment.reset();
                    }
                    segment.write(s);
                }
                if (segment.size() > 0) emit(out, counting, positions, TAG_HEAP_DUMP_SEGMENT, segment.toByteArray());
                emit(out, counting, positions, TAG_HEAP_DUMP_END, new byte[0]);
            }
        }
        out.flush(); // the channel is closed by SafeFiles
    }

    private static void emit(DataOutputStream out, CountingStream counting, List<RecordPosition> positions, int tag,
                             byte[] body) throws IOException {
        out.flush();
        positions.add(new RecordPosition(tag, counting.count, body.length));
        out.writeByte(tag);
        out.writeInt(0); // microseconds since the header's time stamp
        out.writeInt(body.length);
        out.write(body);
    }

    // ---------------------------------------------------------------------------------------- corruption helpers

    /** Cuts the file to its first {@code size} bytes (a dump whose writer died). */
    public static void truncate(Path file, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            if (size > f.length()) throw new IllegalArgumentException("file has only " + f.length() + " bytes");
            f.setLength(size);
        }
    }

    /** Overwrites the big-endian u4 at {@code offset} (e.g. a record length: {@link RecordPosition#lengthOffset}). */
    public static void overwriteU4(Path file, long offset, int value) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            if (offset + 4 > f.length()) throw new IllegalArgumentException("offset " + offset + " is past the end");
            f.seek(offset);
            f.writeInt(value);
        }
    }

    /** Overwrites one byte at {@code offset} (e.g. a record or sub-record tag). */
    public static void overwriteU1(Path file, long offset, int value) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            if (offset >= f.length()) throw new IllegalArgumentException("offset " + offset + " is past the end");
            f.seek(offset);
            f.writeByte(value);
        }
    }

    // ---------------------------------------------------------------------------------------- internals

    private long newId() {
        frozen = true;
        long id = nextId;
        nextId += 8;
        if (idSize == 4 && nextId > 0xFFFF_FFFFL) throw new IllegalStateException("out of 4-byte identifiers");
        return id;
    }

    private long nameId(String name) {
        Long id = nameIds.get(name);
        if (id != null) return id;
        long fresh = newId();
        nameIds.put(name, fresh);
        Body b = new Body();
        b.id(fresh).raw(name.getBytes(StandardCharsets.UTF_8)); // HPROF "UTF8" is modified UTF-8; same for BMP text
        topLevel.add(record(TAG_UTF8, b));
        return fresh;
    }

    /** A top-level record kept as {tag, body...} until write(). */
    private static byte[] record(int tag, Body body) {
        byte[] b = body.bytes();
        byte[] r = new byte[b.length + 1];
        r[0] = (byte) tag;
        System.arraycopy(b, 0, r, 1, b.length);
        return r;
    }

    /** A big-endian byte builder that knows the identifier size. */
    private final class Body {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(buf);

        Body u1(int v) {
            return io(() -> out.writeByte(v));
        }

        Body u2(int v) {
            return io(() -> out.writeShort(v));
        }

        Body u4(int v) {
            return io(() -> out.writeInt(v));
        }

        Body id(long v) {
            return io(() -> {
                if (idSize == 4) out.writeInt((int) v);
                else out.writeLong(v);
            });
        }

        Body raw(byte[] b) {
            return io(() -> out.write(b));
        }

        Body value(Type type, Object v, String what) {
            try {
                return switch (type) {
                    case OBJECT -> id(v == null ? 0 : ((Number) v).longValue());
                    case BOOLEAN -> u1(v != null && (Boolean) v ? 1 : 0);
                    case CHAR -> u2(v == null ? 0 : (Character) v);
                    case FLOAT -> u4(Float.floatToIntBits(v == null ? 0 : ((Number) v).floatValue()));
                    case DOUBLE -> io(() -> out.writeLong(Double.doubleToLongBits(v == null ? 0 : ((Number) v).doubleValue())));
                    case BYTE -> u1(v == null ? 0 : ((Number) v).byteValue());
                    case SHORT -> u2(v == null ? 0 : ((Number) v).shortValue());
                    case INT -> u4(v == null ? 0 : ((Number) v).intValue());
                    case LONG -> io(() -> out.writeLong(v == null ? 0 : ((Number) v).longValue()));
                };
            } catch (ClassCastException e) {
                throw new IllegalArgumentException(what + ": a " + type + " value cannot be " + v.getClass().getSimpleName());
            }
        }

        byte[] bytes() {
            return buf.toByteArray();
        }

        private Body io(IoAction a) {
            try {
                a.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // cannot happen: in-memory stream
            }
            return this;
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    /** Counts bytes passed through, so record offsets are known while streaming. */
    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}

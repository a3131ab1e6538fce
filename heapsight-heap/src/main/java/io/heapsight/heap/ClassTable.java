package io.heapsight.heap;

import io.heapsight.hprof.BasicType;
import io.heapsight.hprof.ClassDump;
import io.heapsight.hprof.HprofFormatException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The classes of a dump, with field layouts flattened for decoding instance records. Built between the passes. */
final class ClassTable {
    /** Volatile: pass-2 workers read it while a rare unknown class may be appended (under the lock). */
    private volatile HeapClass[] classes;
    private int count;
    private final LongIntMap byId;
    private final int idSize;
    private final Map<Long, Integer> unknownClasses = new HashMap<>();
    private final int[] primitiveArrayClass = new int[12];
    private int objectArrayFallback = -1;
    private int javaLangClass = -1;
    private int referenceClass = -1;

    private ClassTable(int expected, int idSize) {
        this.classes = new HeapClass[Math.max(16, expected + 16)];
        this.byId = new LongIntMap(expected + 16);
        this.idSize = idSize;
        Arrays.fill(primitiveArrayClass, -1);
    }

    /** Deeper than any real class hierarchy (tens of levels); a dump claiming more is corrupt or hostile. */
    static final int MAX_HIERARCHY_DEPTH = 1000;

    /**
     * Builds the table; fails with a one-line {@link HprofFormatException} when the hierarchy loops, is absurdly deep,
     * or would flatten into more inherited fields than a file of {@code fileSize} bytes can justify.
     */
    static ClassTable build(List<ClassDump> dumps, Map<Long, Long> classNames, Map<Long, String> strings, int idSize,
                            long fileSize) throws HprofFormatException {
        ClassTable t = new ClassTable(dumps.size(), idSize);
        for (ClassDump d : dumps) {
            if (t.byId.get(d.classId(), -1) >= 0) continue; // a duplicate CLASS_DUMP (corrupt dump): first wins
            Long nameId = classNames.get(d.classId());
            String internal = nameId == null ? null : strings.get(nameId);
            String name = internal == null ? "unknown class 0x" + Long.toHexString(d.classId()) : HeapClass.javaName(internal);
            HeapClass c = t.add(d.classId(), name);
            c.loaderId = d.loaderId();
            int fc = d.fieldTypes().length;
            c.ownFieldNames = new String[fc];
            c.ownFieldTypes = d.fieldTypes();
            // the placeholder names only when a name is missing: not a string built per field of every class
            for (int i = 0; i < fc; i++) c.ownFieldNames[i] = nameOr(strings.get(d.fieldNameIds()[i]), "field", i);
            int sc = d.staticTypes().length;
            c.staticNames = new String[sc];
            for (int i = 0; i < sc; i++) c.staticNames[i] = nameOr(strings.get(d.staticNameIds()[i]), "static", i);
            c.staticTypes = d.staticTypes();
            c.staticValues = d.staticValues();
        }
        for (ClassDump d : dumps) {
            int ci = t.byId.get(d.classId(), -1);
            int si = d.superId() == 0 ? -1 : t.byId.get(d.superId(), -1);
            if (ci >= 0 && si != ci) t.classes[ci].superIndex = si;
        }
        t.checkHierarchy(fieldBudget(fileSize));
        t.javaLangClass = t.findOrAdd("java.lang.Class");
        t.referenceClass = t.find("java.lang.ref.Reference");
        t.objectArrayFallback = t.findOrAdd("java.lang.Object[]");
        for (int type : new int[]{BasicType.BOOLEAN, BasicType.CHAR, BasicType.FLOAT, BasicType.DOUBLE,
                BasicType.BYTE, BasicType.SHORT, BasicType.INT, BasicType.LONG}) {
            t.primitiveArrayClass[type] = t.findOrAdd(BasicType.javaName(type) + "[]");
        }
        for (int i = 0; i < t.count; i++) t.flatten(t.classes[i]);
        return t;
    }

    private static String nameOr(String name, String placeholder, int i) {
        return name != null ? name : placeholder + i;
    }

    private HeapClass add(long id, String name) {
        HeapClass.Shape shape = HeapClass.Shape.INSTANCE;
        int elem = 0;
        if (name.endsWith("[]")) {
            String e = name.substring(0, name.length() - 2);
            elem = switch (e) {
                case "boolean" -> BasicType.BOOLEAN;
                case "char" -> BasicType.CHAR;
                case "float" -> BasicType.FLOAT;
                case "double" -> BasicType.DOUBLE;
                case "byte" -> BasicType.BYTE;
                case "short" -> BasicType.SHORT;
                case "int" -> BasicType.INT;
                case "long" -> BasicType.LONG;
                default -> 0;
            };
            shape = elem == 0 ? HeapClass.Shape.OBJECT_ARRAY : HeapClass.Shape.PRIMITIVE_ARRAY;
        }
        if (count == classes.length) classes = Arrays.copyOf(classes, count * 2);
        HeapClass c = new HeapClass(count, id, name, shape, elem);
        classes[count++] = c;
        if (id != 0) byId.put(id, c.index);
        return c;
    }

    private int find(String name) {
        for (int i = 0; i < count; i++) if (classes[i].name.equals(name)) return i;
        return -1;
    }

    private int findOrAdd(String name) {
        int i = find(name);
        if (i >= 0) return i;
        HeapClass c = add(0, name);
        c.fieldNames = new String[0];
        c.fieldTypes = new byte[0];
        c.fieldDeclaringClass = new int[0];
        c.fieldOffsets = new int[0];
        c.referenceOffsets = new int[0];
        return c.index;
    }

    /**
     * Inherited fields a file of this size may make us flatten: far above any real dump (a 100,000-class application
     * flattens about 2 million), yet a few hundred bytes of memory per byte of a small hostile file at most.
     */
    static long fieldBudget(long fileSize) {
        return 4_000_000L + fileSize / 4;
    }

    /**
     * Rejects superclass loops and absurd depths (each would make flattening repeat fields without end), and
     * hierarchies whose flattened field count exceeds the budget (a wide class under many subclasses).
     */
    private void checkHierarchy(long budget) throws HprofFormatException {
        int[] depth = new int[count]; // 0: not yet known; -1: on the chain being walked
        int[] chain = new int[MAX_HIERARCHY_DEPTH + 1];
        long[] inherited = new long[count]; // flattened field count of each class
        long total = 0;
        for (int i = 0; i < count; i++) {
            int len = 0;
            int k = i;
            while (k >= 0 && depth[k] == 0) {
                if (len == chain.length) {
                    throw new HprofFormatException("class " + classes[i].name + " has more than " + MAX_HIERARCHY_DEPTH
                            + " superclasses: the dump is corrupt", -1);
                }
                depth[k] = -1;
                chain[len++] = k;
                k = classes[k].superIndex;
            }
            if (k >= 0 && depth[k] < 0) {
                throw new HprofFormatException("the superclasses of " + classes[k].name + " loop back to it: the dump is corrupt", -1);
            }
            int d = k < 0 ? 0 : depth[k];
            long fields = k < 0 ? 0 : inherited[k];
            for (int j = len - 1; j >= 0; j--) {
                int c = chain[j];
                depth[c] = ++d;
                if (d > MAX_HIERARCHY_DEPTH) {
                    throw new HprofFormatException("class " + classes[c].name + " has more than " + MAX_HIERARCHY_DEPTH
                            + " superclasses: the dump is corrupt", -1);
                }
                fields += classes[c].ownFieldNames.length;
                inherited[c] = fields;
                total += fields;
            }
            if (total > budget) {
                throw new HprofFormatException(String.format("the class hierarchy flattens into more than %,d inherited "
                        + "fields, more than a dump of this size can describe: the dump is corrupt", budget), -1);
            }
        }
    }

    /** Own fields first, then the superclass's, as instance records store them. The hierarchy was checked. */
    private void flatten(HeapClass c) {
        if (c.fieldNames != null && c.id != 0) return;
        int n = 0;
        boolean isRef = false;
        for (HeapClass k = c; k != null; k = k.superIndex >= 0 ? classes[k.superIndex] : null) {
            n += k.ownFieldNames.length;
            if (k.index == referenceClass) isRef = true;
        }
        c.fieldNames = new String[n];
        c.fieldTypes = new byte[n];
        c.fieldDeclaringClass = new int[n];
        c.fieldOffsets = new int[n];
        int at = 0;
        for (HeapClass k = c; k != null; k = k.superIndex >= 0 ? classes[k.superIndex] : null) {
            int own = k.ownFieldNames.length;
            System.arraycopy(k.ownFieldNames, 0, c.fieldNames, at, own);
            System.arraycopy(k.ownFieldTypes, 0, c.fieldTypes, at, own);
            java.util.Arrays.fill(c.fieldDeclaringClass, at, at + own, k.index);
            at += own;
        }
        int off = 0;
        int refs = 0;
        long prim = 0;
        int referentField = -1;
        for (int i = 0; i < n; i++) {
            c.fieldOffsets[i] = off;
            int size = BasicType.sizeInFile(c.fieldTypes[i], idSize);
            off += size;
            if (c.fieldTypes[i] == BasicType.OBJECT) {
                refs++;
                if (isRef && c.fieldDeclaringClass[i] == referenceClass && "referent".equals(c.fieldNames[i])) referentField = i;
            } else {
                prim += size;
            }
        }
        c.recordDataSize = off;
        c.referenceFieldCount = refs;
        c.primitiveFieldBytes = prim;
        c.isReferenceSubclass = isRef;
        int[] ro = new int[refs];
        int r = 0;
        if (referentField >= 0) {
            ro[r++] = c.fieldOffsets[referentField];
            c.referentSlot = 0;
        }
        for (int i = 0; i < n; i++) {
            if (c.fieldTypes[i] == BasicType.OBJECT && i != referentField) ro[r++] = c.fieldOffsets[i];
        }
        c.referenceOffsets = ro;
    }

    /** Class loader object -> the class objects it defined; a loader keeps its classes alive (the JVM does it natively). */
    private final Map<Integer, int[]> classesOfLoader = new HashMap<>();
    private java.util.BitSet isLoader = new java.util.BitSet();

    void linkObjects(IdIndex ids) {
        Map<Integer, List<Integer>> byLoader = new HashMap<>();
        for (int i = 0; i < count; i++) {
            HeapClass c = classes[i];
            c.objectIndex = c.id == 0 ? -1 : ids.indexOf(c.id);
            // a hidden class (name ending /0x...) is not held by its loader unless defined STRONG, and a strong one
            // (a lambda) stays reachable through its call site: leave it to its instances, so that one defined per
            // registration counts for the holder of those registrations, not for the loader
            if (c.objectIndex >= 0 && c.loaderId != 0 && !c.name.contains("/0x")) {
                int loader = ids.indexOf(c.loaderId);
                if (loader >= 0 && loader != c.objectIndex) byLoader.computeIfAbsent(loader, k -> new ArrayList<>()).add(c.objectIndex);
            }
        }
        for (var e : byLoader.entrySet()) {
            classesOfLoader.put(e.getKey(), e.getValue().stream().mapToInt(Integer::intValue).toArray());
            isLoader.set(e.getKey());
        }
    }

    /** Class objects defined by the loader object obj, or null when obj defines none. */
    int[] classesDefinedBy(int obj) {
        return isLoader.get(obj) ? classesOfLoader.get(obj) : null;
    }

    void applyLayout(ObjectLayout layout) {
        FieldLayout fields = FieldLayout.of(layout, classes, count);
        for (int i = 0; i < count; i++) {
            HeapClass c = classes[i];
            if (c.shape != HeapClass.Shape.INSTANCE) continue;
            boolean known = c.id != 0 || c.ownFieldTypes.length > 0 || c.primitiveFieldBytes == 0;
            c.instanceSize = known && !c.name.startsWith("unknown class ")
                    ? fields.instanceSize(c)
                    : layout.instanceSize(c.referenceFieldCount, c.primitiveFieldBytes);
        }
    }

    long classObjectSize(HeapClass c, ObjectLayout layout) {
        long mirror = classes[javaLangClass].instanceSize;
        if (layout.fieldScheme() == ObjectLayout.FieldScheme.PER_CLASS) return ClassicFieldLayout.mirrorSize(mirror, c, layout);
        long statics = 0;
        for (byte t : c.staticTypes) {
            statics += t == BasicType.OBJECT ? layout.referenceSize() : BasicType.primitiveSize(t);
        }
        return layout.align(mirror + statics);
    }

    HeapClass[] classes() {
        if (classes.length != count) classes = Arrays.copyOf(classes, count);
        return classes;
    }

    HeapClass[] classesRaw() {
        return classes;
    }

    int javaLangClass() {
        return javaLangClass;
    }

    int classIndexForInstance(long classId, int recordLength) {
        int ci = byId.get(classId, -1);
        if (ci >= 0 && classes[ci].shape == HeapClass.Shape.INSTANCE) return ci;
        return unknownClass(classId, recordLength);
    }

    /** An instance of a class the dump never described: keep the object, sized by its record. Rare; workers share it. */
    private synchronized int unknownClass(long classId, int recordLength) {
        Integer u = unknownClasses.get(classId);
        if (u != null) return u;
        HeapClass c = add(0, "unknown class 0x" + Long.toHexString(classId));
        c.fieldNames = new String[0];
        c.fieldTypes = new byte[0];
        c.fieldDeclaringClass = new int[0];
        c.fieldOffsets = new int[0];
        c.referenceOffsets = new int[0];
        c.primitiveFieldBytes = recordLength;
        unknownClasses.put(classId, c.index);
        return c.index;
    }

    int classIndexForObjectArray(long arrayClassId) {
        int ci = byId.get(arrayClassId, -1);
        return ci >= 0 && classes[ci].shape == HeapClass.Shape.OBJECT_ARRAY ? ci : objectArrayFallback;
    }

    int classIndexForPrimitiveArray(int type) {
        return primitiveArrayClass[type];
    }

    String nameOfClassId(long id) {
        int ci = byId.get(id, -1);
        return ci < 0 ? "?" : classes[ci].name;
    }
}

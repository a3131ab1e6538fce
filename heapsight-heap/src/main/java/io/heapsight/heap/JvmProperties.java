package io.heapsight.heap;

import io.heapsight.hprof.BasicType;
import io.heapsight.hprof.HprofTag;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a few system properties (java.version, java.vm.name...) out of the dump before the snapshot exists, so
 * the field layout can follow the JVM's release. They live in {@code System.props}: a Hashtable up to JDK 8,
 * a Properties whose {@code map} is a ConcurrentHashMap from JDK 9. A few dozen small reads; any surprise (a
 * missing class, a damaged record) just leaves the property out.
 */
final class JvmProperties {
    /** The properties worth reading; the table holds about a hundred. */
    static final Set<String> WANTED = Set.of("java.version", "java.specification.version", "java.runtime.version",
            "java.vm.name", "java.vm.version", "sun.arch.data.model");
    private static final int MAX_ENTRIES = 10_000;
    private static final int MAX_CHARS = 200;

    private final FileChannel channel;
    private final int idSize;
    private final RecordOffsets offsets;
    private final IdIndex ids;
    private final HeapClass[] classes;
    private final Map<Long, HeapClass> byId = new HashMap<>();

    private JvmProperties(FileChannel channel, int idSize, RecordOffsets offsets, IdIndex ids, HeapClass[] classes) {
        this.channel = channel;
        this.idSize = idSize;
        this.offsets = offsets;
        this.ids = ids;
        this.classes = classes;
        for (HeapClass c : classes) {
            if (c != null && c.id != 0) byId.put(c.id, c);
        }
    }

    /** The wanted properties found in the dump (possibly none). */
    static Map<String, String> read(FileChannel channel, int idSize, RecordOffsets offsets, IdIndex ids, HeapClass[] classes) {
        try {
            return new JvmProperties(channel, idSize, offsets, ids, classes).read();
        } catch (IOException | RuntimeException e) {
            return Map.of(); // best effort: the layout then falls back to what the heap itself shows
        }
    }

    /** The JVM's release: java.version, else the specification or runtime version. */
    static JvmVersion version(Map<String, String> props) {
        for (String key : new String[]{"java.version", "java.specification.version", "java.runtime.version"}) {
            JvmVersion v = JvmVersion.parse(props.get(key));
            if (v.known()) return v;
        }
        return JvmVersion.UNKNOWN;
    }

    /** 32 or 64 from sun.arch.data.model, 0 when absent. */
    static int addressBits(Map<String, String> props) {
        String model = props.get("sun.arch.data.model");
        return "32".equals(model) ? 32 : "64".equals(model) ? 64 : 0;
    }

    private Map<String, String> read() throws IOException {
        Map<String, String> found = new HashMap<>();
        int props = -1;
        for (HeapClass c : classes) {
            if (c == null || !c.name.equals("java.lang.System")) continue;
            for (int i = 0; i < c.staticNames.length; i++) {
                if (c.staticNames[i].equals("props") && c.staticTypes[i] == BasicType.OBJECT) {
                    props = ids.indexOf(c.staticValues[i]);
                }
            }
        }
        if (props < 0) return found;
        int[] budget = {MAX_ENTRIES};
        collectTable(field(props, "table"), found, budget);          // JDK <= 8: Hashtable entries
        int map = field(props, "map");                                // JDK 9+: a ConcurrentHashMap inside
        if (map >= 0) collectTable(field(map, "table"), found, budget);
        return found;
    }

    /** Walks a hash table's bucket array and its entry chains (key/value or key/val, next). */
    private void collectTable(int table, Map<String, String> found, int[] budget) throws IOException {
        if (table < 0) return;
        ByteBuffer head = read(offsets.get(table), 1 + idSize + 8 + idSize);
        if (head.remaining() < 1 + idSize + 8 || (head.get(0) & 0xFF) != HprofTag.OBJECT_ARRAY_DUMP) return;
        int length = head.getInt(1 + idSize + 4);
        if (length < 0) return;
        long data = offsets.get(table) + 1 + idSize + 8 + idSize;
        int n = Math.min(length, MAX_ENTRIES);
        ByteBuffer slots = read(data, n * idSize);
        for (int s = 0; s + idSize <= slots.limit() && budget[0] > 0; s += idSize) {
            int entry = index(id(slots, s));
            while (entry >= 0 && budget[0]-- > 0) {
                String key = string(field(entry, "key"));
                if (key != null && WANTED.contains(key)) {
                    int value = field(entry, "value");
                    if (value < 0) value = field(entry, "val");
                    String v = string(value);
                    if (v != null) found.putIfAbsent(key, v);
                }
                entry = field(entry, "next");
            }
        }
    }

    /** A String's text: char[] (with offset/count before JDK 7u6) or byte[] with a coder (JDK 9+). */
    private String string(int obj) throws IOException {
        if (obj < 0 || !"java.lang.String".equals(classOf(obj))) return null;
        int value = field(obj, "value");
        if (value < 0) return null;
        ByteBuffer head = read(offsets.get(value), 1 + idSize + 9);
        if (head.remaining() < 1 + idSize + 9 || (head.get(0) & 0xFF) != HprofTag.PRIMITIVE_ARRAY_DUMP) return null;
        int length = head.getInt(1 + idSize + 4);
        int type = head.get(1 + idSize + 8);
        long data = offsets.get(value) + 1 + idSize + 9;
        if (type == BasicType.CHAR) {
            int from = 0, to = length;
            Long off = primitive(obj, "offset"), count = primitive(obj, "count");
            if (off != null && count != null && off >= 0 && count >= 0 && off + count <= length) {
                from = (int) (long) off;
                to = (int) (off + count);
            }
            int chars = Math.min(to - from, MAX_CHARS);
            ByteBuffer b = read(data + 2L * from, 2 * chars);
            return StandardCharsets.UTF_16BE.decode(b).toString();
        }
        if (type == BasicType.BYTE) {
            Long coder = primitive(obj, "coder");
            ByteBuffer b = read(data, Math.min(length, 2 * MAX_CHARS));
            return (coder != null && coder == 1 ? StandardCharsets.UTF_16BE : StandardCharsets.ISO_8859_1).decode(b).toString();
        }
        return null;
    }

    private String classOf(int obj) throws IOException {
        ByteBuffer b = read(offsets.get(obj), 1 + 2 * idSize + 4);
        if (b.remaining() < 1 + 2 * idSize + 4 || (b.get(0) & 0xFF) != HprofTag.INSTANCE_DUMP) return null;
        HeapClass c = byId.get(id(b, 1 + idSize + 4));
        return c == null ? null : c.name;
    }

    /** The object a reference field of an instance points to, or -1. */
    private int field(int obj, String name) throws IOException {
        ByteBuffer v = fieldBytes(obj, name, true);
        return v == null ? -1 : index(id(v, 0));
    }

    private Long primitive(int obj, String name) throws IOException {
        ByteBuffer v = fieldBytes(obj, name, false);
        if (v == null) return null;
        return switch (v.remaining()) {
            case 1 -> (long) v.get(0);
            case 2 -> (long) v.getShort(0);
            case 4 -> (long) v.getInt(0);
            default -> null;
        };
    }

    private ByteBuffer fieldBytes(int obj, String name, boolean reference) throws IOException {
        if (obj < 0) return null;
        long off = offsets.get(obj);
        ByteBuffer b = read(off, 1 + 2 * idSize + 8);
        if (b.remaining() < 1 + 2 * idSize + 8 || (b.get(0) & 0xFF) != HprofTag.INSTANCE_DUMP) return null;
        HeapClass c = byId.get(id(b, 1 + idSize + 4));
        if (c == null || c.fieldNames == null) return null;
        long length = b.getInt(1 + 2 * idSize + 4) & 0xFFFF_FFFFL;
        for (int f = 0; f < c.fieldNames.length; f++) {
            if (!c.fieldNames[f].equals(name) || (c.fieldTypes[f] == BasicType.OBJECT) != reference) continue;
            int size = BasicType.sizeInFile(c.fieldTypes[f], idSize);
            if (c.fieldOffsets[f] + size > length) return null;
            ByteBuffer v = read(off + 1 + 2 * idSize + 8 + c.fieldOffsets[f], size);
            return v.remaining() == size ? v : null;
        }
        return null;
    }

    private int index(long id) {
        return id == 0 ? -1 : ids.indexOf(id);
    }

    private long id(ByteBuffer b, int pos) {
        return idSize == 8 ? b.getLong(pos) : b.getInt(pos) & 0xFFFF_FFFFL;
    }

    private ByteBuffer read(long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Math.max(0, length));
        while (b.hasRemaining()) {
            int r = channel.read(b, offset + b.position());
            if (r < 0) break;
        }
        return b.flip();
    }
}

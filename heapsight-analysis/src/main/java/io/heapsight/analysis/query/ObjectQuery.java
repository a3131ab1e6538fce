package io.heapsight.analysis.query;

import io.heapsight.analysis.DominatorTree;
import io.heapsight.analysis.result.ObjectRef;
import io.heapsight.analysis.result.ObjectView;
import io.heapsight.analysis.result.Result;
import io.heapsight.heap.HeapClass;
import io.heapsight.heap.HeapSnapshot;
import io.heapsight.heap.ObjectReader;
import io.heapsight.hprof.BasicType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One object as an inspector shows it: class, shallow and retained size, immediate dominator, every field with its
 * value (strings as text), array elements paged (offset, limit), and for a class object its static fields, super
 * class and loader. Arguments: object (hex id), offset, limit (array elements).
 */
public final class ObjectQuery implements HeapQuery {
    static final int MAX_TEXT = 10_000;

    @Override
    public String name() { return "object"; }

    @Override
    public String description() { return "an object: fields and values, sizes, immediate dominator (arrays paged)"; }

    @Override
    public Result run(AnalysisContext ctx, QueryArgs args) {
        HeapSnapshot heap = ctx.heap();
        DominatorTree dom = ctx.dominators();
        int obj = ctx.objectIndex(args.objectId("object"));
        long offset = args.offset();
        int limit = args.limit(100, 10_000);
        ObjectReader reader = heap.reader();
        HeapClass c = heap.classOfObject(obj);
        ObjectRef self = ctx.ref(obj);
        List<ObjectView.Field> fields = new ArrayList<>();
        List<ObjectView.Field> statics = new ArrayList<>();
        String text = null;
        long length = -1;

        int classIndex = heap.classIndexOfClassObject(obj);
        if (classIndex >= 0) {
            HeapClass k = heap.heapClass(classIndex);
            if (k.superIndex() >= 0) {
                HeapClass s = heap.heapClass(k.superIndex());
                fields.add(ObjectView.Field.reference("<superclass>", "java.lang.Class", classRef(ctx, s), null));
            }
            fields.add(ObjectView.Field.reference("<classloader>", "java.lang.ClassLoader", refOfId(ctx, k.loaderId()), null));
            for (int i = 0; i < k.staticNames().length; i++) {
                statics.add(field(ctx, k.staticNames()[i], k.staticTypes()[i], k.staticValues()[i], k.name()));
            }
        } else if (c.shape() == HeapClass.Shape.INSTANCE) {
            long[] values = reader.fieldValues(obj);
            if (values != null) {
                for (int f = 0; f < values.length; f++) {
                    String declaring = heap.heapClass(c.fieldDeclaringClass()[f]).name();
                    fields.add(field(ctx, c.fieldNames()[f], c.fieldTypes()[f], values[f], declaring));
                }
            }
            text = reader.readString(obj, MAX_TEXT);
        } else if (c.shape() == HeapClass.Shape.OBJECT_ARRAY) {
            length = reader.arrayLength(obj);
            long[] ids = reader.objectArrayIds(obj, offset, limit);
            String elementType = c.name().substring(0, c.name().length() - 2);
            for (int i = 0; i < ids.length; i++) {
                fields.add(ObjectView.Field.reference("[" + (offset + i) + "]", elementType, refOfId(ctx, ids[i]), null));
            }
        } else {
            length = reader.arrayLength(obj);
            int type = c.elementType();
            int size = BasicType.primitiveSize(type);
            byte[] raw = reader.primitiveArrayBytes(obj, offset, limit);
            ByteBuffer b = ByteBuffer.wrap(raw);
            for (int i = 0; size > 0 && (i + 1) * size <= raw.length; i++) {
                long bits = switch (type) {
                    case BasicType.BOOLEAN, BasicType.BYTE -> b.get(i);
                    case BasicType.CHAR -> b.getChar(i * 2);
                    case BasicType.SHORT -> b.getShort(i * 2);
                    case BasicType.INT, BasicType.FLOAT -> b.getInt(i * 4);
                    default -> b.getLong(i * 8);
                };
                fields.add(ObjectView.Field.primitive("[" + (offset + i) + "]", BasicType.javaName(type), primitive(type, bits), null));
            }
            if (type == BasicType.CHAR) {
                text = new String(reader.primitiveArrayBytes(obj, 0, MAX_TEXT), StandardCharsets.UTF_16BE);
            } else if (type == BasicType.BYTE) {
                text = new String(reader.primitiveArrayBytes(obj, 0, MAX_TEXT), StandardCharsets.ISO_8859_1);
            }
        }
        int idom = dom.isReachable(obj) ? dom.idom(obj) : DominatorTree.UNREACHABLE;
        ObjectRef dominator = idom >= 0 ? ctx.ref(idom) : null;
        return new ObjectView(self.display(), self, heap.shallowSize(obj), dom.retainedSize(obj), dom.isReachable(obj),
                dominator, text, length, fields, statics);
    }

    private static ObjectView.Field field(AnalysisContext ctx, String name, int type, long bits, String declaring) {
        if (type == BasicType.OBJECT) return ObjectView.Field.reference(name, "reference", refOfId(ctx, bits), declaring);
        return ObjectView.Field.primitive(name, BasicType.javaName(type), primitive(type, bits), declaring);
    }

    /** A reference by id: null for 0, an object of the dump, or (a dangling id) the bare id with class "?". */
    static ObjectRef refOfId(AnalysisContext ctx, long id) {
        if (id == 0) return null;
        int o = ctx.heap().indexOfId(id);
        return o >= 0 ? ctx.ref(o) : ObjectRef.object(id, "<not in dump>");
    }

    private static ObjectRef classRef(AnalysisContext ctx, HeapClass k) {
        return k.objectIndex() >= 0 ? ctx.ref(k.objectIndex()) : ObjectRef.ofClass(k.id(), k.name());
    }

    /** A primitive's value as Java would print it. */
    static String primitive(int type, long bits) {
        return switch (type) {
            case BasicType.BOOLEAN -> bits != 0 ? "true" : "false";
            case BasicType.CHAR -> {
                char ch = (char) bits;
                yield Character.isISOControl(ch) ? String.format("'\\u%04x'", (int) ch) : "'" + ch + "'";
            }
            case BasicType.FLOAT -> Float.toString(Float.intBitsToFloat((int) bits));
            case BasicType.DOUBLE -> Double.toString(Double.longBitsToDouble(bits));
            case BasicType.BYTE -> Byte.toString((byte) bits);
            case BasicType.SHORT -> Short.toString((short) bits);
            case BasicType.INT -> Integer.toString((int) bits);
            default -> Long.toString(bits);
        };
    }
}

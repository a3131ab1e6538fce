package io.heapsight.analysis;

import io.heapsight.analysis.result.ObjectRef;
import io.heapsight.analysis.result.Path;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The values kept analysis results are made of (strings, object references, paths), written and read back with
 * every count and length bounded by the bytes that remain, so that no file, however made, allocates more than it
 * holds. {@link AnalysisResultsFile} lays the results out with these.
 */
final class ResultsCodec {
    private ResultsCodec() {}

    /** Writes values; nothing here can fail but the memory. */
    static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        private final DataOutputStream out = new DataOutputStream(bytes);

        Out longs(long... values) throws IOException {
            for (long v : values) out.writeLong(v);
            return this;
        }

        Out ints(int... values) throws IOException {
            for (int v : values) out.writeInt(v);
            return this;
        }

        Out bool(boolean b) throws IOException {
            out.writeBoolean(b);
            return this;
        }

        Out real(double d) throws IOException {
            out.writeDouble(d);
            return this;
        }

        /** A string or null: its UTF-8 length (-1 for null), then the bytes. */
        Out string(String s) throws IOException {
            if (s == null) {
                out.writeInt(-1);
            } else {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                out.writeInt(b.length);
                out.write(b);
            }
            return this;
        }

        Out blob(byte[] b) throws IOException {
            out.writeInt(b.length);
            out.write(b);
            return this;
        }

        Out ref(ObjectRef r) throws IOException {
            bool(r != null);
            if (r != null) longs(r.id()).string(r.className()).bool(r.isClass());
            return this;
        }

        Out path(Path p) throws IOException {
            bool(p != null);
            if (p == null) return this;
            string(p.rootKind()).string(p.rootDescription()).ints(p.steps().size());
            for (Path.Step s : p.steps()) string(s.via()).ref(s.object());
            return this;
        }

        Out steps(List<PathStep> steps) throws IOException {
            ints(steps.size());
            for (PathStep s : steps) string(s.via()).string(s.object()).ints(s.objectIndex()).bool(s.isRoot());
            return this;
        }

        byte[] toByteArray() throws IOException {
            out.flush();
            return bytes.toByteArray();
        }
    }

    /** Reads values back; anything out of range or past the end is an IOException naming what. */
    static final class In {
        private final ByteBuffer in;
        private final long objects;

        /** {@code objects}: the dump's object count, the bound of every model index read. */
        In(byte[] payload, long objects) {
            this.in = ByteBuffer.wrap(payload);
            this.objects = objects;
        }

        long count() {
            return in.remaining();
        }

        boolean atEnd() {
            return !in.hasRemaining();
        }

        long longValue() throws IOException {
            need(8);
            return in.getLong();
        }

        /** A long that must be 0 or more (a size, a count). */
        long size(String what) throws IOException {
            long v = longValue();
            if (v < 0) throw new IOException(what + " out of range");
            return v;
        }

        int intValue() throws IOException {
            need(4);
            return in.getInt();
        }

        boolean bool() throws IOException {
            need(1);
            byte b = in.get();
            if (b != 0 && b != 1) throw new IOException("not a boolean");
            return b == 1;
        }

        /** A fraction of the heap: finite, not negative. */
        double fraction(String what) throws IOException {
            need(8);
            double d = in.getDouble();
            if (!(d >= 0 && d < Double.POSITIVE_INFINITY)) throw new IOException(what + " out of range");
            return d;
        }

        /** A count of items of at least {@code minBytes} each, and at most {@code max}. */
        int items(int max, int minBytes, String what) throws IOException {
            int n = intValue();
            if (n < 0 || n > max || (long) n * minBytes > in.remaining()) throw new IOException(what + " count out of range");
            return n;
        }

        /** A model index of this dump, or -1. */
        int index(String what) throws IOException {
            int i = intValue();
            if (i < -1 || i >= objects) throw new IOException(what + " out of range");
            return i;
        }

        String string() throws IOException {
            int n = intValue();
            if (n == -1) return null;
            if (n < 0 || n > in.remaining()) throw new IOException("string length out of range");
            byte[] b = new byte[n];
            in.get(b);
            return new String(b, StandardCharsets.UTF_8);
        }

        /** A string or null ({@code what}: for the reader of the call). */
        String string(String what) throws IOException {
            return string();
        }

        /** A string that must be there. */
        String text(String what) throws IOException {
            String s = string();
            if (s == null) throw new IOException(what + " missing");
            return s;
        }

        byte[] blob(int max) throws IOException {
            int n = intValue();
            if (n < 0 || n > max || n > in.remaining()) throw new IOException("blob length out of range");
            byte[] b = new byte[n];
            in.get(b);
            return b;
        }

        ObjectRef ref() throws IOException {
            if (!bool()) return null;
            return new ObjectRef(longValue(), text("class name"), bool());
        }

        Path path() throws IOException {
            if (!bool()) return null;
            String kind = string(), description = string();
            int n = items(Integer.MAX_VALUE, 5, "path step");
            List<Path.Step> steps = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String via = string();
                ObjectRef object = ref();
                if (object == null) throw new IOException("path step without an object");
                steps.add(new Path.Step(via, object));
            }
            return new Path(kind, description, List.copyOf(steps));
        }

        List<PathStep> steps() throws IOException {
            int n = items(Integer.MAX_VALUE, 13, "path step");
            List<PathStep> steps = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String via = string(), object = text("path object");
                int index = index("path object index");
                boolean root = bool();
                if (root != (i == 0)) throw new IOException("a path's root is not its first step");
                steps.add(new PathStep(via, object, index, root));
            }
            return List.copyOf(steps);
        }

        private void need(int bytes) throws IOException {
            if (in.remaining() < bytes) throw new IOException("truncated");
        }
    }
}

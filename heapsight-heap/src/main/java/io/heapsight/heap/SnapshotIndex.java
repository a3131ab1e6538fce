package io.heapsight.heap;

import io.heapsight.hprof.HprofHeader;
import io.heapsight.hprof.WalkResult;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed model of a dump saved beside it ({@code name.hprof.heapsight-index}, or in the cache folder), so that
 * reopening skips both passes over the dump: the arrays are read back in bulk. The index is bound to its dump by a
 * keyed code ({@link DumpBinding}) over the dump's identity and sampled content, the inflated copy for a gzip dump and
 * the class/thread tables; every count, offset and edge in the bulk arrays is range-checked on load
 * ({@link IndexChecks}). Anything off: a one-line note, and the dump is parsed again (and the index rewritten).
 */
public final class SnapshotIndex {
    /** "HSIDX1", then the version: 3 hidden classes no longer linked from their loader; 4 varint columns (issue 12) */
    private static final DerivedFile FILE = DerivedFile.versioned("index", "index", 0x4853_4944_5831_0000L, 4);

    private SnapshotIndex() {}

    /** Tests only: run by the writer right after it offered the lookups (to hold it there). */
    static volatile Runnable afterLookupsOffered;

    public static Path fileFor(Path dump) throws IOException {
        return FILE.fileFor(dump);
    }

    /** The keyed code binding an index to the dump, its plain (inflated) copy and the meta blob. */
    private static byte[] binding(Path dump, Path plain, byte[] meta) throws IOException {
        byte[] plainPart = Files.isSameFile(plain, dump) ? new byte[0] : DumpBinding.fingerprint(plain);
        return DumpBinding.of(dump, plainPart, meta);
    }

    /** Writes the index atomically; failures are not fatal (the next open parses again). Returns the file or null. */
    public static Path save(HeapSnapshot s, Path dump) {
        PhaseTimer timer = new PhaseTimer();
        try {
            Path file = fileFor(dump);
            byte[] meta = meta(s);
            byte[] mac = binding(dump, s.dumpFile, meta);
            long[] lookupsAt = new long[1];
            io.heapsight.hprof.SafeFiles.save(file, io.heapsight.hprof.SafeFiles.Options.derivedFrom(dump), ch -> {
                IndexIO io = new IndexIO(ch, 0);
                FILE.writeHeader(io);
                io.writeBlob(mac);
                io.writeBlob(meta);
                int n = s.objectCount;
                lookupsAt[0] = io.position();
                IdIndex ids = s.idIndex();
                DiskLookups.write(io, n, s.offsetsArray(), ids);
                // on disk now (every write goes straight to the channel): the analysis may drop its in-memory copy
                s.offerLookups(ch, lookupsAt[0]);
                Runnable hook = afterLookupsOffered;
                if (hook != null) hook.run();
                GraphColumns.write(io, s);
                io.writeInts(s.rootObjects, s.rootObjects.length);
                io.writeInts(s.rootThreads, s.rootThreads.length);
                io.writeInts(s.rootFrames, s.rootFrames.length);
                io.writeBlob(s.rootKinds);
            }, s::lookupsTaken);
            s.saved = new Lookups(file, lookupsAt[0]);
            timer.lap("index written (2nd thread)");
            return file;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Opens the snapshot from its index, or returns null when there is no usable index (with a note when one was refused). */
    public static HeapSnapshot load(Path dump, Progress progress) {
        Path file = null;
        FileChannel ch = null;
        DiskLookups disk = null;
        PhaseTimer timer = new PhaseTimer();
        try {
            file = fileFor(dump);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return null;
            ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            IndexIO io = FILE.readHeader(ch);
            byte[] mac = io.readBlob();
            byte[] metaBlob = io.readBlob();
            Meta m = readMeta(metaBlob);
            if (!Files.isRegularFile(m.plain)) throw new IndexChecks.Refused("its dump copy " + m.plain + " is gone");
            if (!DumpBinding.matches(binding(dump, m.plain, metaBlob), mac)) {
                throw new IndexChecks.Refused("made from another dump, or changed since");
            }
            progress.update("reading index", 0, ch.size());
            timer.lap("index: header, binding");
            long lookupsAt = io.position();
            long nLong = io.readLong();
            if (nLong < 0 || nLong > Integer.MAX_VALUE - 16 || nLong > ch.size()) throw new IndexChecks.Refused("object count out of range");
            int n = (int) nLong;
            disk = DiskLookups.open(ch, lookupsAt, n, Files.size(m.plain));
            io = new IndexIO(ch, disk.end());
            DiskLookups checked = disk;
            // the lookups are checked on a second thread while this one decodes the graph
            var lookupsCheck = Background.run("heapsight-index-check", () -> {
                checked.validate();
                return null;
            });
            GraphColumns.Decoded g = GraphColumns.read(io, n, m.classes.length);
            int[] rootObjects = io.readInts(0);
            int[] rootThreads = io.readInts(0);
            int[] rootFrames = io.readInts(0);
            byte[] rootKinds = io.readBlob();
            IndexChecks.roots(n, rootObjects, rootThreads, rootFrames, rootKinds);
            IndexChecks.classes(m.classes, n, m.javaLangClass, m.threads);
            timer.lap("index: graph columns");
            Background.join(lookupsCheck);
            timer.lap("index: lookups checked");
            FileChannel dumpChannel = FileChannel.open(m.plain, StandardOpenOption.READ);
            progress.update("reading index", ch.size(), ch.size());
            HeapSnapshot snap = new HeapSnapshot(m.plain, m.header, m.walk, m.layout, n, null, null, g.classOf(), g.shallow8(),
                    g.outStart(), g.outEdges(), g.referentBits(), m.classes, m.javaLangClass, rootObjects, rootKinds, rootThreads,
                    rootFrames, m.threads, dumpChannel);
            snap.saved = new Lookups(file, lookupsAt);
            snap.disk = disk; // the channel that was checked, not the name again
            ch = null;
            disk = null;
            return snap;
        } catch (IOException | RuntimeException e) {
            if (file != null) progress.note("ignoring the index " + file + " (" + IndexChecks.reason(e) + "); parsing the dump again");
            return null;
        } finally {
            try {
                if (disk != null) disk.close();
                else if (ch != null) ch.close();
            } catch (IOException ignored) {
                // read-only channel
            }
        }
    }

    /**
     * The keyed code the dump's index carries (32 bytes), or null when there is no index of this version: results
     * derived from the index bind to it, so that they go stale with it. Reads the header only; the code itself is
     * checked when the index is opened.
     */
    public static byte[] storedCode(Path dump) {
        try {
            Path file = fileFor(dump);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return null;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                byte[] code = FILE.readHeader(ch).readBlob();
                return code.length == DumpBinding.LENGTH ? code : null;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Where an index file holds the record offsets and the id lookup. */
    record Lookups(Path file, long position) {}

    private record Meta(Path plain, HprofHeader header, WalkResult walk, ObjectLayout layout, HeapClass[] classes,
                        int javaLangClass, Map<Integer, ThreadInfo> threads) {}

    private static byte[] meta(HeapSnapshot s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeUTF(s.dumpFile.toAbsolutePath().toString());
        out.writeUTF(s.header.format());
        out.writeInt(s.header.idSize());
        out.writeLong(s.header.timestampMillis());
        out.writeInt(s.header.length());
        out.writeUTF(s.walk.status().name());
        out.writeLong(s.walk.bytesRead());
        out.writeLong(s.walk.fileSize());
        out.writeUTF(s.walk.problem() == null ? "" : s.walk.problem());
        ObjectLayout l = s.layout;
        out.writeUTF(l.name());
        out.writeInt(l.headerSize());
        out.writeInt(l.referenceSize());
        out.writeInt(l.arrayLengthFieldSize());
        out.writeInt(l.alignment());
        out.writeUTF(l.fieldScheme().name());
        out.writeInt(l.jdk());
        out.writeInt(s.javaLangClass);
        out.writeInt(s.classes.length);
        for (HeapClass c : s.classes) {
            out.writeLong(c.id);
            out.writeUTF(c.name);
            out.writeInt(c.shape.ordinal());
            out.writeInt(c.elementType);
            out.writeInt(c.superIndex);
            out.writeLong(c.loaderId);
            out.writeInt(c.objectIndex);
            IndexIO.writeStrings(out, c.ownFieldNames);
            IndexIO.writeBytes(out, c.ownFieldTypes);
            IndexIO.writeStrings(out, c.fieldNames);
            IndexIO.writeBytes(out, c.fieldTypes);
            IndexIO.writeInts(out, c.fieldDeclaringClass);
            IndexIO.writeInts(out, c.fieldOffsets);
            IndexIO.writeInts(out, c.referenceOffsets);
            out.writeInt(c.referentSlot);
            out.writeInt(c.recordDataSize);
            out.writeInt(c.referenceFieldCount);
            out.writeLong(c.primitiveFieldBytes);
            IndexIO.writeStrings(out, c.staticNames);
            IndexIO.writeBytes(out, c.staticTypes);
            IndexIO.writeLongs(out, c.staticValues);
            out.writeLong(c.instanceSize);
            out.writeBoolean(c.isReferenceSubclass);
        }
        out.writeInt(s.threads.size());
        for (ThreadInfo t : s.threads.values()) {
            out.writeInt(t.serial());
            out.writeInt(t.objectIndex());
            out.writeInt(t.frames().size());
            for (StackFrameInfo f : t.frames()) {
                out.writeUTF(f.className());
                out.writeUTF(f.methodName());
                out.writeUTF(f.sourceFile() == null ? "" : f.sourceFile());
                out.writeInt(f.line());
            }
        }
        out.flush();
        return bytes.toByteArray();
    }

    private static Meta readMeta(byte[] blob) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(blob));
        Path plain = Path.of(in.readUTF());
        HprofHeader header = new HprofHeader(in.readUTF(), in.readInt(), in.readLong(), in.readInt());
        WalkResult.Status status = WalkResult.Status.valueOf(in.readUTF());
        long bytesRead = in.readLong();
        long fileSize = in.readLong();
        String problem = in.readUTF();
        WalkResult walk = new WalkResult(status, bytesRead, fileSize, problem.isEmpty() ? null : problem);
        ObjectLayout layout = new ObjectLayout(in.readUTF(), in.readInt(), in.readInt(), in.readInt(), in.readInt(),
                ObjectLayout.FieldScheme.valueOf(in.readUTF()), in.readInt());
        int javaLangClass = in.readInt();
        int count = IndexIO.boundedCount(in, in.readInt(), 16);
        HeapClass[] classes = new HeapClass[count];
        for (int i = 0; i < count; i++) {
            long id = in.readLong();
            String name = in.readUTF();
            HeapClass.Shape shape = HeapClass.Shape.values()[in.readInt()];
            HeapClass c = new HeapClass(i, id, name, shape, in.readInt());
            c.superIndex = in.readInt();
            c.loaderId = in.readLong();
            c.objectIndex = in.readInt();
            c.ownFieldNames = IndexIO.readStrings(in);
            c.ownFieldTypes = IndexIO.readBytes(in);
            c.fieldNames = IndexIO.readStrings(in);
            c.fieldTypes = IndexIO.readBytes(in);
            c.fieldDeclaringClass = IndexIO.readInts(in);
            c.fieldOffsets = IndexIO.readInts(in);
            c.referenceOffsets = IndexIO.readInts(in);
            c.referentSlot = in.readInt();
            c.recordDataSize = in.readInt();
            c.referenceFieldCount = in.readInt();
            c.primitiveFieldBytes = in.readLong();
            c.staticNames = IndexIO.readStrings(in);
            c.staticTypes = IndexIO.readBytes(in);
            c.staticValues = IndexIO.readLongs(in);
            c.instanceSize = in.readLong();
            c.isReferenceSubclass = in.readBoolean();
            classes[i] = c;
        }
        int threads = IndexIO.boundedCount(in, in.readInt(), 12);
        Map<Integer, ThreadInfo> map = new HashMap<>();
        for (int i = 0; i < threads; i++) {
            int serial = in.readInt();
            int obj = in.readInt();
            int frames = IndexIO.boundedCount(in, in.readInt(), 10);
            List<StackFrameInfo> list = new ArrayList<>(frames);
            for (int f = 0; f < frames; f++) {
                String cls = in.readUTF(), method = in.readUTF(), src = in.readUTF();
                list.add(new StackFrameInfo(cls, method, src.isEmpty() ? null : src, in.readInt()));
            }
            map.put(serial, new ThreadInfo(serial, obj, List.copyOf(list)));
        }
        return new Meta(plain, header, walk, layout, classes, javaLangClass, map);
    }
}

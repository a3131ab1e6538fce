package io.heapsight.heap;

import io.heapsight.hprof.HprofHeader;
import io.heapsight.hprof.WalkResult;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Map;

/**
 * The compact heap model. An object is an int index (its position in the dump's file order) into primitive arrays:
 * class, shallow size, record offset, and outgoing references in compressed-sparse-row form. No Java object exists
 * per heap object. Every object also references its class (an implicit edge, not stored).
 */
public final class HeapSnapshot implements AutoCloseable {
    final Path dumpFile;
    final HprofHeader header;
    final WalkResult walk;
    final ObjectLayout layout;
    final int objectCount;
    /** Id lookup and record offsets: the two structures only reports need; see {@link #releaseLookups()}. */
    private volatile RecordOffsets recordOffsets;
    private volatile IdIndex ids;
    /** Where the index file holds them (set by SnapshotIndex), so they can be dropped during big phases and read back. */
    volatile SnapshotIndex.Lookups saved;
    final int[] classOf;
    /** Shallow size in 8-byte units (unsigned), so an int holds objects up to 32 GB. */
    final int[] shallow8;
    final int[] outStart;
    final int[] outEdges;
    /** Bit set: the object's first stored edge is a java.lang.ref.Reference referent (not a strong reference). */
    final long[] referentBits;
    final HeapClass[] classes;
    final int javaLangClass;
    final int[] rootObjects;
    final byte[] rootKinds;
    final int[] rootThreads;
    final int[] rootFrames;
    final Map<Integer, ThreadInfo> threads;
    private final FileChannel channel;
    private final ObjectReader reader;
    /** Class objects sorted by object index, with the class each stands for. */
    private final int[] classObjectsSorted;
    private final int[] classOfClassObject;
    /**
     * True when every class object is of class java.lang.Class (always, but for a corrupt dump whose ids collide): then
     * any other object is no class object without a search of tens of thousands of entries.
     */
    private final boolean mirrorsOfJavaLangClass;

    HeapSnapshot(Path dumpFile, HprofHeader header, WalkResult walk, ObjectLayout layout, int objectCount,
                 RecordOffsets recordOffsets, IdIndex ids, int[] classOf, int[] shallow8, int[] outStart, int[] outEdges,
                 long[] referentBits, HeapClass[] classes, int javaLangClass, int[] rootObjects, byte[] rootKinds,
                 int[] rootThreads, int[] rootFrames, Map<Integer, ThreadInfo> threads, FileChannel channel) {
        this.dumpFile = dumpFile;
        this.header = header;
        this.walk = walk;
        this.layout = layout;
        this.objectCount = objectCount;
        this.recordOffsets = recordOffsets;
        this.ids = ids;
        this.classOf = classOf;
        this.shallow8 = shallow8;
        this.outStart = outStart;
        this.outEdges = outEdges;
        this.referentBits = referentBits;
        this.classes = classes;
        this.javaLangClass = javaLangClass;
        this.rootObjects = rootObjects;
        this.rootKinds = rootKinds;
        this.rootThreads = rootThreads;
        this.rootFrames = rootFrames;
        this.threads = threads;
        this.channel = channel;
        this.reader = new ObjectReader(this, channel);
        long[] pairs = new long[classes.length];
        int k = 0;
        for (HeapClass c : classes) {
            if (c.objectIndex >= 0) pairs[k++] = ((long) c.objectIndex << 32) | c.index;
        }
        java.util.Arrays.sort(pairs, 0, k);
        this.classObjectsSorted = new int[k];
        this.classOfClassObject = new int[k];
        boolean mirrors = javaLangClass >= 0;
        for (int i = 0; i < k; i++) {
            classObjectsSorted[i] = (int) (pairs[i] >>> 32);
            classOfClassObject[i] = (int) pairs[i];
            mirrors &= classOf[classObjectsSorted[i]] == javaLangClass;
        }
        this.mirrorsOfJavaLangClass = mirrors;
    }

    /**
     * Opens a dump (plain or gzip): from its index when one is there and current, else by parsing it
     * ({@link SnapshotBuilder}) and saving the index for next time.
     */
    public static HeapSnapshot open(Path dump, Progress progress) throws IOException {
        return open(dump, progress, OpenOptions.DEFAULTS);
    }

    /** As {@link #open(Path, Progress)}; {@code options} say whether the index may be read and written. */
    public static HeapSnapshot open(Path dump, Progress progress, OpenOptions options) throws IOException {
        io.heapsight.hprof.HprofFiles.checkReadable(dump);
        boolean useIndex = options.useIndex();
        HeapSnapshot indexed = useIndex ? SnapshotIndex.load(dump, progress) : null;
        if (indexed != null) return indexed;
        HeapSnapshot parsed = SnapshotBuilder.build(dump, progress);
        parsed.openOptions = options;
        if (useIndex) {
            // written on a second thread while the caller goes on (dominators are single-threaded)
            Thread writer = new Thread(() -> {
                try {
                    SnapshotIndex.save(parsed, dump);
                } finally {
                    parsed.lookupsDecided.countDown();
                }
            }, "heapsight-index-writer");
            writer.start();
            parsed.pendingIndex = writer;
        }
        return parsed;
    }

    private volatile Thread pendingIndex;

    /**
     * The lookups' part of the index being written, offered by the writer as soon as it is on disk (the index writes it
     * first) through the temporary's own channel, so that {@link #releaseLookups()} need not wait for the graph's
     * columns: state 0 offered, 1 taken by releaseLookups (which then owns the channel), 2 withdrawn by the writer at
     * its end (which then closes it).
     */
    static final class LookupsOffer {
        final java.nio.channels.FileChannel channel;
        final long position;
        final java.util.concurrent.atomic.AtomicInteger state = new java.util.concurrent.atomic.AtomicInteger();

        LookupsOffer(java.nio.channels.FileChannel channel, long position) {
            this.channel = channel;
            this.position = position;
        }
    }

    private volatile LookupsOffer lookupsOffer;
    /** Counted down when the writer has offered the lookups or ended (whichever comes first). */
    private final java.util.concurrent.CountDownLatch lookupsDecided = new java.util.concurrent.CountDownLatch(1);

    /** The writer: the lookups are on disk from {@code position} of the temporary behind {@code channel}. */
    void offerLookups(java.nio.channels.FileChannel channel, long position) {
        lookupsOffer = new LookupsOffer(channel, position);
        lookupsDecided.countDown();
    }

    /** True when the released lookups are read through the index writer's channel (taken before it finished). */
    boolean lookupsTakenFromWriter() {
        LookupsOffer o = lookupsOffer;
        return o != null && o.state.get() == 1 && disk != null;
    }

    /** The writer, at its end: true when releaseLookups took the channel (the writer must not close it). */
    boolean lookupsTaken() {
        LookupsOffer o = lookupsOffer;
        if (o == null) return false;
        o.state.compareAndSet(0, 2);
        return o.state.get() == 1;
    }
    private OpenOptions openOptions = OpenOptions.DEFAULTS;

    /** How this snapshot was opened: whether files derived from the dump may be read and written. */
    public OpenOptions openOptions() {
        return openOptions;
    }
    private final java.util.List<Thread> writersToJoin = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A background writer (of derived files) that {@link #close()} waits for. */
    public void runBeforeClose(Thread writer) {
        writersToJoin.add(writer);
    }

    /** Waits for the index being written in the background, if any. */
    public void awaitIndex() {
        Thread t = pendingIndex;
        if (t == null) return;
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pendingIndex = null;
    }

    /** Parses the dump, ignoring and not writing any index. */
    public static HeapSnapshot parse(Path dump, Progress progress) throws IOException {
        HeapSnapshot parsed = SnapshotBuilder.build(dump, progress);
        parsed.openOptions = OpenOptions.NO_INDEX;
        return parsed;
    }

    public Path dumpFile() { return dumpFile; }
    public HprofHeader header() { return header; }
    public WalkResult walk() { return walk; }
    public ObjectLayout layout() { return layout; }
    public int idSize() { return header.idSize(); }

    public int objectCount() { return objectCount; }
    public int classCount() { return classes.length; }
    public HeapClass heapClass(int classIndex) { return classes[classIndex]; }
    public int classOf(int obj) { return classOf[obj]; }
    public HeapClass classOfObject(int obj) { return classes[classOf[obj]]; }
    public int javaLangClassIndex() { return javaLangClass; }

    public long shallowSize(int obj) {
        return (shallow8[obj] & 0xFFFF_FFFFL) << 3;
    }

    /** True when the object is a class (a java.lang.Class mirror written as CLASS_DUMP). */
    public boolean isClassObject(int obj) {
        return classIndexOfClassObject(obj) >= 0;
    }

    /** The class index that a class object stands for, or -1 if obj is not a class object. */
    public int classIndexOfClassObject(int obj) {
        if (mirrorsOfJavaLangClass && (obj < 0 || obj >= objectCount || classOf[obj] != javaLangClass)) return -1;
        int p = java.util.Arrays.binarySearch(classObjectsSorted, obj);
        return p < 0 ? -1 : classOfClassObject[p];
    }

    /** The object's address in the dumped JVM (the HPROF id). */
    public long objectId(int obj) {
        return reader.objectId(obj);
    }

    /** Object index for an HPROF id, or -1. */
    public int indexOfId(long id) {
        IdIndex i = ids;
        return i != null ? i.indexOf(id) : disk.indexOf(id);
    }

    /**
     * Where obj's record starts in the dump: an array read while {@link #recordOffsetsInMemory()}, else a block of the
     * index file decoded per call (too slow for a pass over many objects).
     */
    public long recordOffset(int obj) {
        RecordOffsets o = recordOffsets;
        return o != null ? o.get(obj) : disk.recordOffset(obj);
    }

    /** True until {@link #releaseLookups()} (or when there is no index to read them from). */
    public boolean recordOffsetsInMemory() {
        return recordOffsets != null;
    }

    /** Reads the dump's bytes at {@code position} into {@code dst[off, off + len)}; fewer at the end of the file. Returns how many. */
    public int readDump(long position, byte[] dst, int off, int len) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(dst, off, len);
        while (b.hasRemaining()) {
            int r = channel.read(b, position + (b.position() - off));
            if (r < 0) break;
        }
        return b.position() - off;
    }

    /** The in-memory id index (only while the snapshot is being built or saved), else null. */
    IdIndex idIndex() {
        return ids;
    }

    /** The in-memory record offsets (only while the snapshot is being built or saved), else null. */
    RecordOffsets offsetsArray() {
        return recordOffsets;
    }

    /** Lookups served from the index file once the arrays are released. */
    volatile DiskLookups disk;

    /** The object's id when it can be had without reading the dump: in-memory ids, or on-disk ids in file order. */
    long idWithoutDump(int obj) {
        IdIndex i = ids;
        if (i != null) return i.hasPermutation() ? 0 : i.idInFileOrder(obj);
        return disk.hasPermutation() ? 0 : disk.idInFileOrder(obj);
    }

    /**
     * Drops the id lookup and record offsets from memory when the index file holds a copy (about 20 bytes an object:
     * 600 MB for 30M objects); from then on they are read from the index file, one block of 64 values per lookup. Returns false (and keeps them) when there is no saved copy.
     */
    public synchronized boolean releaseLookups() {
        if (disk != null) return true;
        PhaseTimer timer = new PhaseTimer();
        DiskLookups early = null;
        if (pendingIndex != null) {
            // the writer offers the lookups as soon as they are written: the graph's columns go on in the background
            try {
                lookupsDecided.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            LookupsOffer o = lookupsOffer;
            if (o != null && o.state.compareAndSet(0, 1)) {
                try {
                    early = DiskLookups.open(o.channel, o.position, objectCount, channel.size());
                } catch (IOException | RuntimeException e) {
                    try {
                        o.channel.close();
                    } catch (IOException ignored) {
                        // nothing was read through it
                    }
                }
            }
        }
        if (early == null) awaitIndex();
        timer.lap("wait for the index writer");
        if (early != null) {
            disk = early;
        } else {
            if (saved == null) return false;
            try {
                disk = DiskLookups.open(saved.file(), saved.position(), objectCount, channel.size());
            } catch (IOException e) {
                return false;
            }
        }
        ids = null;
        recordOffsets = null;
        return true;
    }

    // ---- references ----

    /** First stored outgoing edge of obj (an index into the edge array). */
    public int edgeStart(int obj) { return outStart[obj]; }
    /** End (exclusive) of obj's stored outgoing edges. */
    public int edgeEnd(int obj) { return outStart[obj + 1]; }
    /** Target object of stored edge k. */
    public int edgeTarget(int k) { return outEdges[k]; }
    public long edgeCount() { return outEdges.length; }

    /** First stored edge of obj that is a strong reference (skips a java.lang.ref.Reference's referent). */
    public int strongEdgeStart(int obj) {
        int s = outStart[obj];
        return (referentBits[obj >>> 6] & (1L << obj)) != 0 ? s + 1 : s;
    }

    /** True when obj's first stored edge is a Reference.referent. */
    public boolean hasReferentEdge(int obj) {
        return (referentBits[obj >>> 6] & (1L << obj)) != 0;
    }

    /** The first object from {@code from} on whose first stored edge is a Reference.referent, or -1 when none is left. */
    public int nextWithReferentEdge(int from) {
        if (from >= objectCount) return -1;
        int w = from >>> 6;
        long bits = referentBits[w] & (-1L << from);
        while (bits == 0) { // whole words at a time: referents are a few in millions
            if (++w == referentBits.length) return -1;
            bits = referentBits[w];
        }
        int v = (w << 6) + Long.numberOfTrailingZeros(bits);
        return v < objectCount ? v : -1;
    }

    /** The implicit reference from every object to its class object, or -1 when the class has no object in the dump. */
    public int classObjectOf(int obj) {
        return classes[classOf[obj]].objectIndex;
    }

    // ---- GC roots ----

    public int rootCount() { return rootObjects.length; }
    public int rootObject(int r) { return rootObjects[r]; }
    public GcRootKind rootKind(int r) { return GcRootKind.values()[rootKinds[r]]; }
    /** Thread serial of a thread-related root, or -1. */
    public int rootThread(int r) { return rootThreads[r]; }
    /** Frame number of a JAVA_FRAME / JNI_LOCAL root, or -1. */
    public int rootFrame(int r) { return rootFrames[r]; }
    public Map<Integer, ThreadInfo> threads() { return threads; }

    // ---- reading object contents from the dump ----

    public ObjectReader reader() {
        return reader;
    }

    /** "java.util.HashMap@0x7f3a12b8" */
    public String describe(int obj) {
        if (isClassObject(obj)) {
            return "class " + classes[classIndexOfClassObject(obj)].name();
        }
        return classes[classOf[obj]].name() + "@0x" + Long.toHexString(objectId(obj));
    }

    /**
     * Walks the dump's records again (for analyses that need contents of many objects, e.g. string values).
     * Object records arrive in object-index order: the k-th class/instance/array record is object k.
     */
    public WalkResult walkRecords(io.heapsight.hprof.HprofVisitor visitor, Progress progress, String phase) throws IOException {
        long size = channel.size();
        return new io.heapsight.hprof.HprofReader(channel, header).walk(visitor, pos -> progress.update(phase, pos, size));
    }

    @Override
    public void close() throws IOException {
        awaitIndex();
        if (disk != null) disk.close();
        for (Thread t : writersToJoin) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        channel.close();
    }
}

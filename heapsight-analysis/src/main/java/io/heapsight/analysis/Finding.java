package io.heapsight.analysis;

/**
 * One holder found in a dump before ranking: an accumulation point named by its field, native memory pinned behind
 * small heap objects, a group of same-class dominators, or the loaders of an application defined several times.
 * Mutable while {@link SuspectRanking} merges and compares them; turned into a {@link Suspect} at the end.
 */
public final class Finding {
    /** What kind of holder this is. */
    public enum Kind {
        /** a collection, array or chain whose elements hold the memory */
        ACCUMULATION,
        /** direct buffers pinning native memory behind a small heap footprint */
        NATIVE,
        /** several big dominators of one class (as MAT's "N instances of X") */
        SAME_CLASS,
        /** an application's classes defined by several class loaders, the loaders pinned */
        CLASS_LOADERS
    }

    final Kind kind;
    String holder;
    final String signature;
    /** the representative point (the biggest) and every point of the holder */
    int point;
    int[] points;
    String elementClass;
    long count;
    long retained;
    long nativeBytes;
    long nativeBuffers;
    /** per point, the bytes it stands for when that is not its retained size (a loader with its classes), or null */
    long[] pointBytes;
    /** what the finding is in a few words, when it is folded into another ("9 class loaders (X) defining Y") */
    String summary = "";
    /** extra sentence for the description (pinning root of loaders, ...) */
    String detail = "";
    /** bytes (heap + native) of the more specific findings directly inside this one, and those findings */
    long nestedBytes;
    final java.util.List<Finding> nested = new java.util.ArrayList<>();
    /** the finding this one lies inside (null at the top) */
    Finding container;

    Finding(Kind kind, String holder, String signature, int point, int[] points, String elementClass, long count,
            long retained, long nativeBytes, long nativeBuffers) {
        this.kind = kind;
        this.holder = holder;
        this.signature = signature;
        this.point = point;
        this.points = points;
        this.elementClass = elementClass;
        this.count = count;
        this.retained = retained;
        this.nativeBytes = nativeBytes;
        this.nativeBuffers = nativeBuffers;
    }

    public Kind kind() { return kind; }
    public String holder() { return holder; }
    public String signature() { return signature; }
    public int point() { return point; }
    public String elementClass() { return elementClass; }
    public long count() { return count; }
    public long retainedBytes() { return retained; }
    public long nativeBytes() { return nativeBytes; }
    public long nativeBuffers() { return nativeBuffers; }
    public int instances() { return points.length; }
    public String detail() { return detail; }
    /** The finding this one lies directly inside, or null (set by {@link SuspectRanking#relate}). */
    public Finding container() { return container; }
    /** The findings directly inside this one (set by {@link SuspectRanking#relate}). */
    public java.util.List<Finding> nested() { return java.util.List.copyOf(nested); }

    /** Heap retained plus native memory: what the holder really pins. */
    public long totalBytes() {
        return retained + nativeBytes;
    }

    /** The pseudo-holder of a class loader's class list ("N × java.lang.Class in AppClassLoader"). */
    boolean isClassList() {
        return kind == Kind.ACCUMULATION && "java.lang.Class".equals(elementClass);
    }

    /** Mostly explained by more specific holders inside it: it ranks below them, by what is left. */
    boolean isContainer() {
        return nestedBytes > 0 && (isClassList() || nestedBytes >= SuspectRanking.EXPLAINED * totalBytes());
    }

    /** The size the ranking uses: all of it, or what the holders inside it do not explain. */
    long rankBytes() {
        return isContainer() ? Math.max(0, totalBytes() - nestedBytes) : totalBytes();
    }

    /** Holders of other dumps with this key are the same holder (signature plus element class). */
    public String key() {
        return signature + "|" + elementClass;
    }
}

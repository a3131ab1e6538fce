package io.heapsight.heap;

import io.heapsight.hprof.SafeFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One kind of file kept beside a dump (index, dominator tree, paths, kept strings, classes' retained sizes, kept
 * analysis results): the skeleton they share. Its name ({@code DUMP.heapsight-KIND}, or in the private cache folder:
 * {@link DumpFiles#derived}); its first bytes, saying what it is and which version of its format; a keyed code
 * binding it to the dump ({@link DumpBinding}); writing through {@link SafeFiles} (created new, a private temporary
 * moved into place; failing to write is not fatal, the next run computes again); reading that refuses anything off
 * with one note naming the file and the reason, after which the caller computes again.
 *
 * <p>Two forms. {@link #keyed} files are small enough to hash whole on every read: a text line ("heapsight-strings
 * v2"), then the code over the dump, that line and the whole payload, then the payload. {@link #bound} files are
 * streamed through {@link IndexIO}: a long magic (its low bits the version; or magic and version as two longs), then
 * the dump's code as a blob, then columns each caller range-checks as it decodes them.
 */
public final class DerivedFile {
    private final String kind;
    private final String noun;
    private final String line;
    private final long magic, familyMask, version;

    private DerivedFile(String kind, String noun, String line, long magic, long familyMask, long version) {
        this.kind = kind;
        this.noun = noun;
        this.line = line;
        this.magic = magic;
        this.familyMask = familyMask;
        this.version = version;
    }

    /**
     * A small file hashed whole: {@code line} is "heapsight-KIND vN"; a file whose line names the same kind with a
     * lower N is "an older format".
     */
    public static DerivedFile keyed(String kind, String noun, String line) {
        return new DerivedFile(kind, noun, line, 0, 0, -1);
    }

    /** A streamed file whose magic carries its version in the bits outside {@code familyMask}. */
    public static DerivedFile bound(String kind, String noun, long magic, long familyMask) {
        return new DerivedFile(kind, noun, null, magic, familyMask, -1);
    }

    /** A streamed file that writes its magic and then its version as two longs (the index). */
    public static DerivedFile versioned(String kind, String noun, long magic, long version) {
        return new DerivedFile(kind, noun, null, magic, -1L, version);
    }

    /** Thrown for a file that is not what it should be; the message is the reason the note gives. */
    public static class Refused extends IOException {
        public Refused(String reason) {
            super(reason);
        }
    }

    /** Reads the body of a bound file, positioned after its header and code; throws for anything off. */
    @FunctionalInterface
    public interface Body<T> {
        T read(IndexIO io) throws IOException;
    }

    /** Decodes the payload of a keyed file (its code already checked); throws for anything off. */
    @FunctionalInterface
    public interface Payload<T> {
        T decode(byte[] payload) throws IOException;
    }

    /** Writes the body of a bound file after its header. */
    @FunctionalInterface
    public interface Writer {
        void write(IndexIO io) throws IOException;
    }

    public Path fileFor(Path dump) throws IOException {
        return DumpFiles.derived(dump, kind);
    }

    /** "a dominator file", "an index". */
    private String named() {
        return ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }

    // ---- keyed (small) files

    /** Writes a keyed file; a failure is not fatal (nothing is left, the next run computes it again). */
    public void saveKeyed(Path dump, byte[] payload) {
        try {
            byte[] head = (line + "\n").getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream file = new ByteArrayOutputStream(head.length + DumpBinding.LENGTH + payload.length);
            file.write(head);
            file.write(DumpBinding.of(dump, head, payload));
            file.write(payload);
            SafeFiles.saveBytes(fileFor(dump), file.toByteArray(), SafeFiles.Options.derivedFrom(dump));
        } catch (IOException | RuntimeException e) {
            // not fatal: the next run computes it again
        }
    }

    /**
     * The keyed file's decoded payload; null when there is none, or (after one note: "ignoring FILE (reason); {@code
     * redo}") when it is larger than {@code maxBytes}, of another version, bound to another dump, changed since, or
     * refused by {@code decode}.
     */
    public <T> T loadKeyed(Path dump, long maxBytes, Progress progress, String redo, Payload<T> decode) {
        Path file = null;
        try {
            file = fileFor(dump);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return null;
            byte[] head = (line + "\n").getBytes(StandardCharsets.UTF_8);
            if (Files.size(file) > head.length + DumpBinding.LENGTH + maxBytes) throw new Refused("larger than " + named() + " can be");
            byte[] all = readNoFollow(file, head.length + DumpBinding.LENGTH + maxBytes);
            if (all.length < head.length + DumpBinding.LENGTH || !Arrays.equals(all, 0, head.length, head, 0, head.length)) {
                throw new Refused(olderLine(all) ? "an older " + noun + " format" : "not " + named() + " of this heapsight version");
            }
            byte[] mac = Arrays.copyOfRange(all, head.length, head.length + DumpBinding.LENGTH);
            byte[] payload = Arrays.copyOfRange(all, head.length + DumpBinding.LENGTH, all.length);
            if (!DumpBinding.matches(DumpBinding.of(dump, head, payload), mac)) throw new Refused("made from another dump, or changed since");
            return decode.decode(payload);
        } catch (IOException | RuntimeException e) {
            if (file != null) progress.note("ignoring " + file + " (" + reason(e) + "); " + redo);
            return null;
        }
    }

    /** "heapsight-strings v1\n" where this is "heapsight-strings v2". */
    private boolean olderLine(byte[] all) {
        int v = line.lastIndexOf(" v");
        String prefix = line.substring(0, v + 2);
        int end = 0;
        while (end < all.length && end < line.length() + 8 && all[end] != '\n') end++;
        String first = new String(all, 0, end, StandardCharsets.ISO_8859_1);
        if (!first.startsWith(prefix)) return false;
        try {
            return Integer.parseInt(first.substring(prefix.length())) < Integer.parseInt(line.substring(v + 2));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** At most {@code max} bytes of the file, read through a channel that follows no link. */
    private static byte[] readNoFollow(Path file, long max) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = ch.size();
            if (size > max || size > Integer.MAX_VALUE - 16) throw new Refused("larger than expected");
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) size);
            while (b.hasRemaining() && ch.read(b) > 0) { }
            if (b.hasRemaining()) throw new Refused("shorter than its size");
            return b.array();
        }
    }

    // ---- bound (streamed) files

    /** Writes a bound file: the header, the dump's code, then {@code body}. A failure is not fatal. */
    public void saveBound(Path dump, Writer body) {
        try {
            byte[] mac = DumpBinding.of(dump);
            SafeFiles.save(fileFor(dump), SafeFiles.Options.derivedFrom(dump), ch -> {
                IndexIO io = new IndexIO(ch, 0);
                writeHeader(io);
                io.writeBlob(mac);
                body.write(io);
            });
        } catch (IOException | RuntimeException e) {
            // not fatal: the next run computes it again
        }
    }

    /** Writes the magic (and the version, for a {@link #versioned} file). */
    public void writeHeader(IndexIO io) throws IOException {
        io.writeLong(magic);
        if (version >= 0) io.writeLong(version);
    }

    /** Checks the magic (and version) at the channel's start; returns a reader positioned after it. */
    public IndexIO readHeader(FileChannel ch) throws IOException {
        IndexIO io = new IndexIO(ch, 0);
        long m = io.readLong();
        if (version >= 0) {
            long v = io.readLong();
            if (m != magic || v != version) throw new Refused(m == magic && v < version ? "an older " + noun + " format" : "not " + named() + " of this heapsight version");
        } else if (m != magic) {
            throw new Refused((m & familyMask) == (magic & familyMask) && m < magic ? "an older " + noun + " format" : "not " + named() + " of this heapsight version");
        }
        return io;
    }

    /**
     * The bound file's body as {@code body} reads it after the header and the dump's code are checked; null when there
     * is no file, or (after one note: "ignoring FILE (reason); {@code redo}") when anything is off.
     */
    public <T> T loadBound(Path dump, Progress progress, String redo, Body<T> body) {
        Path file = null;
        try {
            file = fileFor(dump);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return null;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                IndexIO io = readHeader(ch);
                if (!DumpBinding.matches(DumpBinding.of(dump), io.readBlob())) throw new Refused("made from another dump, or changed since");
                return body.read(io);
            }
        } catch (IOException | RuntimeException e) {
            if (file != null) progress.note("ignoring " + file + " (" + reason(e) + "); " + redo);
            return null;
        }
    }

    /** What a note says about a refused file: the check's own words, else what failed to read. */
    public static String reason(Exception e) {
        String m = e.getMessage();
        if (e instanceof IOException && m != null && !m.isBlank()) return m;
        return m == null || m.isBlank() ? "unreadable: " + e.getClass().getSimpleName() : "unreadable: " + m;
    }
}

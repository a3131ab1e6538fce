package io.heapsight.hprof;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * The one way heapsight writes a file. A private temporary is created new beside the target (random name,
 * O_EXCL so no planted file or symbolic link is ever opened, permissions set at creation and never wider than the
 * inputs'), written, optionally forced to disk, then renamed onto the target in one step. The target must not be a
 * symbolic link; on any failure the temporary is deleted. See docs/security.md.
 */
public final class SafeFiles {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_RW = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private SafeFiles() {}

    /** Writes the file's content through the channel of the temporary. */
    @FunctionalInterface
    public interface Content {
        void write(FileChannel ch) throws IOException;
    }

    /**
     * How a file is written. {@code permissions} null: the file system's default (0666 less the umask) where POSIX
     * permissions do not exist. {@code replace}: an existing regular file of that name is replaced; else the write
     * fails with {@link FileAlreadyExistsException}. {@code force}: the bytes reach the disk before the rename.
     */
    public record Options(Set<PosixFilePermission> permissions, boolean replace, boolean force) {
        /** A file derived from these inputs (index, cache): readable by no one the inputs are not readable by. */
        public static Options derivedFrom(Path... inputs) {
            return new Options(permissionsOf(inputs), true, false);
        }

        /** A report or other output the user asked for: as private as its inputs, forced to disk. */
        public static Options outputOf(Path... inputs) {
            return new Options(permissionsOf(inputs), true, true);
        }

        /** A new file with ordinary permissions (0644 less the umask). */
        public static Options fresh() {
            return new Options(PosixFilePermissions.fromString("rw-r--r--"), false, false);
        }

        /** Owner only (0600). */
        public static Options ownerOnly() {
            return new Options(OWNER_RW, true, false);
        }

        public Options replacing() {
            return new Options(permissions, true, force);
        }

        public Options noReplace() {
            return new Options(permissions, false, force);
        }

        public Options forced() {
            return new Options(permissions, replace, true);
        }
    }

    /** Writes {@code target} through a private temporary; see the class comment. */
    public static void save(Path target, Options options, Content content) throws IOException {
        save(target, options, content, () -> false);
    }

    /**
     * As {@link #save(Path, Options, Content)}, with the temporary opened for reading too, so that what is written
     * first can be read back while the rest is written: the channel is closed at the end unless {@code handedOn} says
     * a reader took it (that reader closes it; through it the file stays readable whether it is published or, after a
     * failure, deleted). No path is reopened: what is read is what this process wrote.
     */
    public static void save(Path target, Options options, Content content, java.util.function.BooleanSupplier handedOn)
            throws IOException {
        Path tmp = createTemporary(target, options.permissions());
        FileChannel ch = null;
        try {
            ch = FileChannel.open(tmp, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            try {
                content.write(ch);
                if (options.force()) ch.force(true);
            } finally {
                if (!handedOn.getAsBoolean()) ch.close();
            }
            publish(tmp, target, options.replace());
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Writes text as UTF-8. */
    public static void saveText(Path target, String text, Options options) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        save(target, options, ch -> writeFully(ch, ByteBuffer.wrap(bytes)));
    }

    /** Writes bytes. */
    public static void saveBytes(Path target, byte[] bytes, Options options) throws IOException {
        save(target, options, ch -> writeFully(ch, ByteBuffer.wrap(bytes)));
    }

    /** An output stream over the temporary's channel, for writers that stream. Closing it is left to the caller. */
    public static OutputStream stream(FileChannel ch) {
        return Channels.newOutputStream(ch);
    }

    /**
     * A file that grows while heapsight runs (a CSV of samples) cannot be renamed into place at the end; it is created
     * new instead (O_EXCL: a planted file or link makes it fail), with these permissions, and appended to.
     */
    public static OutputStream createNewForAppend(Path target, Options options) throws IOException {
        FileChannel ch = FileChannel.open(target, Set.<OpenOption>of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS), attributes(target, options.permissions()));
        return Channels.newOutputStream(ch);
    }

    /**
     * Creates a folder (and missing parents) readable by its owner only, or checks an existing one: not a symbolic
     * link, owned by this user, not writable by others. For caches shared by no one.
     */
    public static Path privateDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(dir)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            try {
                Files.createDirectory(dir, attributes(dir, PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                // created meanwhile: checked below like any existing folder
            }
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileSystemException(dir.toString(), null, "not a folder (or a symbolic link); refusing to use it as a private cache");
        }
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view != null) {
            var attrs = view.readAttributes();
            if (!ownedByMe(dir, attrs.owner().getName())) {
                throw new FileSystemException(dir.toString(), null, "owned by " + attrs.owner().getName()
                        + ", not by this user; refusing to use it as a private cache");
            }
            Set<PosixFilePermission> p = attrs.permissions();
            if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new FileSystemException(dir.toString(), null, "writable by other users; refusing to use it as a private cache");
            }
        }
        return dir;
    }

    /** By uid where the platform tells it (a container user may have no name), else by name. */
    private static boolean ownedByMe(Path dir, String ownerName) {
        try {
            Object uid = Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            return ((Integer) uid).longValue() == new com.sun.security.auth.module.UnixSystem().getUid();
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException | ClassCastException | LinkageError e) {
            String me = System.getProperty("user.name");
            return me == null || ownerName.equals(me);
        }
    }

    /**
     * Owner read/write, plus group or others read when every input grants it; never write or execute for others.
     * Null when the inputs' file system has no POSIX permissions.
     */
    public static Set<PosixFilePermission> permissionsOf(Path... inputs) {
        Set<PosixFilePermission> p = EnumSet.copyOf(OWNER_RW);
        boolean groupRead = true, othersRead = true;
        for (Path in : inputs) {
            PosixFileAttributeView view = Files.getFileAttributeView(in, PosixFileAttributeView.class);
            if (view == null) return inputs.length == 0 ? p : null;
            try {
                Set<PosixFilePermission> q = view.readAttributes().permissions();
                groupRead &= q.contains(PosixFilePermission.GROUP_READ);
                othersRead &= q.contains(PosixFilePermission.OTHERS_READ);
            } catch (IOException | UnsupportedOperationException e) {
                groupRead = othersRead = false; // unknown: the narrowest
            }
        }
        if (inputs.length == 0) groupRead = othersRead = true;
        if (groupRead) p.add(PosixFilePermission.GROUP_READ);
        if (othersRead) p.add(PosixFilePermission.OTHERS_READ);
        return p;
    }

    /** True for the errors of a full disk, a quota or a file size limit. */
    public static boolean isOutOfSpace(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left") || m.contains("Disk quota exceeded") || m.contains("File too large"))) return true;
        }
        return false;
    }

    /** The message of an I/O failure without the exception's class, for a one-line error. */
    public static String reason(IOException e) {
        if (e instanceof FileSystemException f) {
            String r = f.getReason();
            if (e instanceof java.nio.file.AccessDeniedException && r == null) r = "permission denied";
            else if (e instanceof java.nio.file.NoSuchFileException) r = "no such file or folder";
            else if (e instanceof FileAlreadyExistsException) r = "already exists";
            String file = f.getFile();
            return (file == null ? "" : file + ": ") + (r == null ? "cannot be written" : r);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    private static Path createTemporary(Path target, Set<PosixFilePermission> permissions) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        String name = target.getFileName().toString();
        if (name.length() > 200) name = name.substring(0, 200);
        byte[] r = new byte[8];
        RANDOM.nextBytes(r);
        Path tmp = dir.resolve("." + name + "." + HexFormat.of().formatHex(r) + ".tmp");
        try {
            Files.newByteChannel(tmp, Set.<OpenOption>of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    attributes(tmp, permissions)).close();
        } catch (java.nio.file.AccessDeniedException e) {
            throw new java.nio.file.AccessDeniedException(dir.toString(), null, "permission denied: cannot create files in this folder");
        } catch (FileSystemException e) {
            throw new FileSystemException(dir.toString(), null, e.getReason() == null ? "cannot create files in this folder" : e.getReason());
        }
        return tmp;
    }

    private static FileAttribute<?>[] attributes(Path file, Set<PosixFilePermission> permissions) {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = dir != null && Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
        return permissions == null || !posix ? new FileAttribute<?>[0]
                : new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(permissions)};
    }

    /** A rename never follows a link at the target, but replacing one (or a folder) is refused: it is not ours. */
    private static void publish(Path tmp, Path target, boolean replace) throws IOException {
        if (Files.isSymbolicLink(target)) {
            throw new FileSystemException(target.toString(), null, "is a symbolic link; refusing to replace it");
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileSystemException(target.toString(), null, "is a folder");
        }
        if (replace) {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        try {
            Files.createLink(target, tmp); // fails if the name exists, never replaces
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (e instanceof FileAlreadyExistsException fae) throw fae;
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) throw new FileAlreadyExistsException(target.toString());
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        Files.delete(tmp);
    }
}

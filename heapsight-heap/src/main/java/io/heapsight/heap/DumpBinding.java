package io.heapsight.heap;

import io.heapsight.hprof.SafeFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Ties a derived file (index, dominator tree, kept report) to the one dump it was made from: an HMAC-SHA256, under a
 * key private to this user, over the dump's size, modification time, file key (device and inode), its first 4 KB,
 * 16 evenly spaced 4 KB blocks and its last 4 KB, and over whatever else the derived file asks to protect. Another
 * dump's index, a patched size or time, or a file planted by another user does not carry a valid code: it is rebuilt.
 * The key lives in the cache folder ({@code binding.key}, 0600 in a 0700 folder); without one, a key for this process.
 */
public final class DumpBinding {
    public static final int LENGTH = 32;
    private static final int BLOCK = 4096, SAMPLES = 16;
    private static volatile byte[] key;

    private DumpBinding() {}

    /** The keyed code of the dump's identity and sampled content, followed by {@code extra} parts (may be none). */
    public static byte[] of(Path dump, byte[]... extra) throws IOException {
        Mac mac = mac();
        mac.update(fingerprint(dump));
        for (byte[] e : extra) {
            mac.update(ByteBuffer.allocate(8).putLong(e.length).array());
            mac.update(e);
        }
        return mac.doFinal();
    }

    /** Compares in constant time. */
    public static boolean matches(byte[] expected, byte[] actual) {
        return expected != null && actual != null && MessageDigest.isEqual(expected, actual);
    }

    /** A SHA-256 of the text, in hex (e.g. a file name that says nothing of what it hashes). */
    public static String sha256Hex(String text) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] fingerprint(Path dump) throws IOException {
        BasicFileAttributes a = Files.readAttributes(dump, BasicFileAttributes.class);
        long size = a.size();
        ByteBuffer id = ByteBuffer.allocate(16);
        id.putLong(size).putLong(a.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        byte[] fileKey = String.valueOf(a.fileKey()).getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(16 + 4 + fileKey.length + (SAMPLES + 2) * BLOCK);
        out.put(id.array()).putInt(fileKey.length).put(fileKey);
        try (FileChannel ch = FileChannel.open(dump, StandardOpenOption.READ)) {
            long span = Math.max(0, size - BLOCK);
            for (int i = 0; i < SAMPLES + 2; i++) {
                long at = i == 0 ? 0 : i == SAMPLES + 1 ? span : span * i / (SAMPLES + 1);
                ByteBuffer b = ByteBuffer.allocate((int) Math.min(BLOCK, size));
                while (b.hasRemaining() && ch.read(b, at + b.position()) > 0) { }
                out.put(b.flip());
            }
        }
        return java.util.Arrays.copyOf(out.array(), out.position());
    }

    private static Mac mac() throws IOException {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IOException("HmacSHA256 is not available: " + e.getMessage(), e);
        }
    }

    private static byte[] key() {
        byte[] k = key;
        if (k != null) return k;
        synchronized (DumpBinding.class) {
            if (key == null) key = loadOrCreateKey();
            return key;
        }
    }

    private static byte[] loadOrCreateKey() {
        try {
            Path file = DumpFiles.privateCache().resolve("binding.key");
            byte[] k = readKey(file);
            if (k != null) return k;
            k = new byte[LENGTH];
            new SecureRandom().nextBytes(k);
            try {
                SafeFiles.saveBytes(file, k, SafeFiles.Options.ownerOnly().noReplace().forced());
                return k;
            } catch (FileAlreadyExistsException e) {
                byte[] other = readKey(file); // another heapsight made it meanwhile
                if (other != null) return other;
            }
        } catch (IOException e) {
            // no usable cache folder: derived files made now will not be trusted by later runs
        }
        byte[] k = new byte[LENGTH];
        new SecureRandom().nextBytes(k);
        return k;
    }

    /** The key when it is a regular file of the right size readable by its owner only; null when absent or not so. */
    private static byte[] readKey(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return null;
        PosixFileAttributeView v = Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (v != null) {
            var p = v.readAttributes().permissions();
            for (PosixFilePermission x : p) {
                if (x != PosixFilePermission.OWNER_READ && x != PosixFilePermission.OWNER_WRITE) return null;
            }
        }
        try (var ch = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (ch.size() != LENGTH) return null;
            ByteBuffer b = ByteBuffer.allocate(LENGTH);
            while (b.hasRemaining() && ch.read(b) > 0) { }
            return b.hasRemaining() ? null : b.array();
        }
    }
}

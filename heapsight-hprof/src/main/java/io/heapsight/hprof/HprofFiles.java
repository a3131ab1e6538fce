package io.heapsight.hprof;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Recognises dump files (plain or gzip, including jcmd's -gz output of concatenated members) and inflates gzip ones. */
public final class HprofFiles {
    private HprofFiles() {}

    public static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /** Fails with a one-line message when the file is missing, unreadable or empty. */
    public static void checkReadable(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        if (Files.isDirectory(file)) {
            throw new HprofFormatException(file + " is a directory, not a heap dump", -1);
        }
        if (!Files.isReadable(file)) {
            throw new java.nio.file.AccessDeniedException(file.toString());
        }
        if (Files.size(file) == 0) {
            throw new HprofFormatException(file + " is empty", -1);
        }
    }

    /**
     * Inflates a gzip dump into {@code target} (written beside it under a temporary name, then renamed, so a
     * crash never leaves a half file that looks complete). A truncated gzip stream yields the bytes before the cut
     * and returns false; the HPROF reader then reports the dump as truncated.
     */
    public static boolean inflate(Path gz, Path target, LongConsumer progress) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        boolean complete = true;
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(gz), 1 << 20), 1 << 16);
             OutputStream out = Files.newOutputStream(tmp)) {
            byte[] buf = new byte[1 << 20];
            long total = 0;
            long next = 64L << 20;
            while (true) {
                int r;
                try {
                    r = in.read(buf);
                } catch (java.io.EOFException | ZipException e) {
                    complete = false;
                    break;
                }
                if (r < 0) {
                    break;
                }
                out.write(buf, 0, r);
                total += r;
                if (progress != null && total >= next) {
                    progress.accept(total);
                    next = total + (64L << 20);
                }
            }
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return complete;
    }
}

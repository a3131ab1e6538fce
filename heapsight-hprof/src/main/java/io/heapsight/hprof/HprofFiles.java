package io.heapsight.hprof;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
     * Inflates a gzip dump into {@code target} through {@link SafeFiles} (a private temporary renamed at the end, so a
     * crash or a full disk never leaves a half file that looks complete, nor a temporary). Stops with
     * {@link InflateLimitException} beyond the limits, and with a "No space left" error while less than 64 MB stay free.
     * A truncated gzip stream yields the bytes before the cut and returns false; the HPROF reader then reports the dump
     * as truncated.
     */
    public static boolean inflate(Path gz, Path target, GzipLimits limits, SafeFiles.Options options, LongConsumer progress)
            throws IOException {
        long gzSize = Files.size(gz);
        long limit = limits.limitFor(gzSize);
        boolean[] complete = {true};
        SafeFiles.save(target, options, ch -> {
            try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(gz), 1 << 20), 1 << 16)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 20);
                long total = 0;
                long next = 64L << 20;
                while (true) {
                    int r;
                    try {
                        r = in.read(buf.array());
                    } catch (java.io.EOFException | ZipException e) {
                        complete[0] = false;
                        break;
                    }
                    if (r < 0) break;
                    total += r;
                    if (total > limit) {
                        throw new InflateLimitException(gz + " inflates to more than " + limit + " bytes (" + gzSize
                                + " compressed; limits: " + limits.maxRatio() + " times beyond " + limits.graceBytes()
                                + " bytes, at most " + limits.maxBytes() + "); raise HEAPSIGHT_GZIP_MAX_RATIO or HEAPSIGHT_GZIP_MAX_BYTES if it is genuine");
                    }
                    buf.clear().limit(r);
                    SafeFiles.writeFully(ch, buf);
                    if (total >= next) {
                        long free = Files.getFileStore(target.toAbsolutePath().getParent()).getUsableSpace();
                        if (free < MIN_FREE) {
                            throw new IOException("No space left on device: less than " + (MIN_FREE >> 20) + " MB free while inflating "
                                    + gz + " into " + target.toAbsolutePath().getParent());
                        }
                        if (progress != null) progress.accept(total);
                        next = total + (64L << 20);
                    }
                }
            }
        });
        return complete[0];
    }

    private static final long MIN_FREE = 64L << 20;
}

package io.heapsight.heap;

import io.heapsight.hprof.GzipLimits;
import io.heapsight.hprof.HprofFiles;
import io.heapsight.hprof.SafeFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where heapsight keeps what it derives from a dump. The index files and kept reports go beside the dump when its
 * folder is writable, else into the private cache folder ($HEAPSIGHT_CACHE, $XDG_CACHE_HOME/heapsight or
 * ~/.cache/heapsight; 0700) under a name keyed by a SHA-256 of the dump's real path. The inflated copy of a gzip dump
 * always goes into the private cache (never beside the dump, where an {@code app.hprof} may already be); the cache
 * keeps at most $HEAPSIGHT_CACHE_MAX (16 GiB) of such copies, the least recently used deleted first.
 */
public final class DumpFiles {
    private static final String INFLATED = "-inflated-";

    /** What follows the dump's name in the name of every file derived from it: "DUMP.heapsight-index". */
    public static final String DERIVED_INFIX = ".heapsight-";

    private DumpFiles() {}

    /** The dump itself when it is plain HPROF, else its inflated copy in the private cache (made once per gzip content). */
    public static Path plainHprof(Path dump, Progress progress) throws IOException {
        if (!HprofFiles.isGzip(dump)) return dump;
        Path cache = privateCache();
        String prefix = pathKey(dump) + INFLATED;
        // named after the gzip's identity and sampled content: a changed gzip never reuses an older copy
        Path target = cache.resolve(prefix + java.util.HexFormat.of().formatHex(DumpBinding.of(dump), 0, 12) + ".hprof");
        if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) && Files.size(target) > 0) {
            touch(target);
            return target;
        }
        deleteMatching(cache, prefix);
        long gzSize = Files.size(dump);
        HprofFiles.inflate(dump, target, GzipLimits.configured(), SafeFiles.Options.derivedFrom(dump),
                done -> progress.update("inflating gzip dump", done, -1));
        progress.update("inflating gzip dump", gzSize, gzSize);
        pruneInflated(cache, target, inflatedCapBytes());
        return target;
    }

    /** Inflated copies kept by default before the least recently used go: a few large dumps' worth. */
    static final long DEFAULT_INFLATED_CAP = 16L << 30;

    /**
     * How many bytes of inflated copies the cache keeps: $HEAPSIGHT_CACHE_MAX (the heapsight.cache.max property
     * first) in {@link GzipLimits#parseSize}'s form ("40g"), else {@link #DEFAULT_INFLATED_CAP}; a value that does not
     * parse counts as unset.
     */
    static long inflatedCapBytes() {
        String v = System.getProperty("heapsight.cache.max", System.getenv("HEAPSIGHT_CACHE_MAX"));
        if (v == null || v.isBlank()) return DEFAULT_INFLATED_CAP;
        try {
            return GzipLimits.parseSize(v);
        } catch (NumberFormatException e) {
            return DEFAULT_INFLATED_CAP;
        }
    }

    /**
     * Deletes inflated copies, least recently used first (by modification time, which a reuse refreshes), until the
     * ones left and {@code keep} fit in {@code capBytes}; {@code keep}, the copy just made or opened, always stays.
     * Without this the cache only grew: each gzip dump at a new path left its copy for good (65 GB on the project
     * machine after a day of test runs). A copy another process still reads stays readable until it closes it.
     */
    static void pruneInflated(Path cache, Path keep, long capBytes) throws IOException {
        record Copy(Path path, long size, long used) {}
        java.util.List<Copy> copies = new java.util.ArrayList<>();
        try (var files = Files.list(cache)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (!name.contains(INFLATED) || !name.endsWith(".hprof") || p.equals(keep)) continue;
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) continue;
                try {
                    copies.add(new Copy(p, Files.size(p), Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis()));
                } catch (IOException gone) {
                    // deleted meanwhile by another heapsight
                }
            }
        }
        copies.sort(java.util.Comparator.comparingLong(Copy::used).reversed());
        long total = Files.isRegularFile(keep, LinkOption.NOFOLLOW_LINKS) ? Files.size(keep) : 0;
        for (Copy c : copies) {
            if (total + c.size() <= capBytes) {
                total += c.size();
            } else {
                Files.deleteIfExists(c.path());
            }
        }
    }

    private static void touch(Path p) {
        try {
            Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException | SecurityException e) {
            // only the eviction order suffers
        }
    }

    /** The file a layer keeps for one kind of derived data ("index", "dominators"): {@code DUMP.heapsight-KIND}. */
    public static Path derived(Path dump, String kind) throws IOException {
        return derivedFile(dump, dump.getFileName() + DERIVED_INFIX + kind);
    }

    /** A file derived from the dump: beside it if possible, else in the private cache folder. */
    public static Path derivedFile(Path dump, String name) throws IOException {
        Path dir = dump.toAbsolutePath().getParent();
        if (dir != null && writableByMode(dir)) {
            return dir.resolve(name);
        }
        return privateCache().resolve(pathKey(dump) + "-" + name);
    }

    /** 32 hex digits of a SHA-256 of the dump's real path: two dumps never share cached files. */
    static String pathKey(Path dump) {
        Path p;
        try {
            p = dump.toRealPath();
        } catch (IOException e) {
            p = dump.toAbsolutePath().normalize();
        }
        return DumpBinding.sha256Hex(p.toString()).substring(0, 32);
    }

    /**
     * Writable, and not marked read-only: root may write anywhere, but a folder whose mode says read-only (e.g. shared
     * fixtures) is not ours to fill with derived files.
     */
    static boolean writableByMode(Path dir) {
        if (!Files.isWritable(dir)) return false;
        try {
            return Files.getPosixFilePermissions(dir).contains(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        } catch (UnsupportedOperationException | IOException e) {
            return true;
        }
    }

    /**
     * Deletes what heapsight derived from a dump, e.g. when the dump itself is deleted: the inflated copy and every
     * {@code DUMP.heapsight-*} file. Each layer names its own files under that prefix ({@code heapsight-index} here,
     * the dominator tree in the analyses, the report cache in the CLI); this layer need not know them.
     */
    public static void deleteDerived(Path dump) throws IOException {
        Path any = derived(dump, "");
        deleteMatching(any.getParent(), any.getFileName().toString());
        Path cache = cacheDir();
        if (Files.isDirectory(cache, LinkOption.NOFOLLOW_LINKS)) deleteMatching(cache, pathKey(dump) + INFLATED);
    }

    private static void deleteMatching(Path dir, String prefix) throws IOException {
        if (dir == null || !Files.isDirectory(dir)) return;
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().startsWith(prefix)) Files.deleteIfExists(p);
            }
        }
    }

    /** The cache folder, created 0700 if missing; refused when it is a link, another user's or writable by others. */
    public static Path privateCache() throws IOException {
        return SafeFiles.privateDirectory(cacheDir());
    }

    public static Path cacheDir() {
        String env = System.getProperty("heapsight.cache", System.getenv("HEAPSIGHT_CACHE"));
        if (env != null && !env.isBlank()) return Paths.get(env);
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) return Paths.get(xdg, "heapsight");
        return Paths.get(System.getProperty("user.home"), ".cache", "heapsight");
    }
}

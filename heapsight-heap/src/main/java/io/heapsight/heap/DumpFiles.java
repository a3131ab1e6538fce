package io.heapsight.heap;

import io.heapsight.hprof.HprofFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where heapsight keeps what it derives from a dump: the inflated copy of a gzip dump and the index. Beside the dump
 * when its folder is writable, else under $HEAPSIGHT_CACHE or ~/.cache/heapsight.
 */
public final class DumpFiles {
    private DumpFiles() {}

    /** The dump itself when it is plain HPROF, else an inflated copy (made once, reused while newer than the gzip). */
    public static Path plainHprof(Path dump, Progress progress) throws IOException {
        if (!HprofFiles.isGzip(dump)) return dump;
        String name = dump.getFileName().toString();
        String base = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name + ".inflated";
        if (!base.endsWith(".hprof")) base = base + ".hprof";
        Path target = derivedFile(dump, base);
        if (Files.exists(target) && Files.getLastModifiedTime(target).compareTo(Files.getLastModifiedTime(dump)) >= 0
                && Files.size(target) > 0) {
            return target;
        }
        long gzSize = Files.size(dump);
        HprofFiles.inflate(dump, target, done -> progress.update("inflating gzip dump", done, -1));
        progress.update("inflating gzip dump", gzSize, gzSize);
        return target;
    }

    /** A file derived from the dump: beside it if possible, else in the cache folder (name qualified by a hash of the path). */
    public static Path derivedFile(Path dump, String name) throws IOException {
        Path dir = dump.toAbsolutePath().getParent();
        if (dir != null && writableByMode(dir)) {
            return dir.resolve(name);
        }
        Path cache = cacheDir();
        Files.createDirectories(cache);
        String key = Integer.toHexString(dump.toAbsolutePath().normalize().toString().hashCode());
        return cache.resolve(key + "-" + name);
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

    /** Deletes what heapsight derived from a dump (index files, inflated copy), e.g. when the dump itself is deleted. */
    public static void deleteDerived(Path dump) throws IOException {
        String name = dump.getFileName().toString();
        for (String suffix : new String[]{".heapsight-index", ".heapsight-dominators"}) {
            Files.deleteIfExists(derivedFile(dump, name + suffix));
        }
        if (name.endsWith(".gz")) Files.deleteIfExists(derivedFile(dump, name.substring(0, name.length() - 3)));
        Path any = derivedFile(dump, name + ".heapsight-report-");
        Path dir = any.getParent();
        String prefix = any.getFileName().toString();
        if (dir != null && Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    if (p.getFileName().toString().startsWith(prefix)) Files.deleteIfExists(p);
                }
            }
        }
    }

    public static Path cacheDir() {
        String env = System.getenv("HEAPSIGHT_CACHE");
        if (env != null && !env.isBlank()) return Paths.get(env);
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) return Paths.get(xdg, "heapsight");
        return Paths.get(System.getProperty("user.home"), ".cache", "heapsight");
    }
}

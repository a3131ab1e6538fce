package io.heapsight.cli;

import io.heapsight.hprof.HprofFormatException;
import io.heapsight.hprof.InflateLimitException;
import io.heapsight.hprof.SafeFiles;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The one mapping from what can go wrong while opening a dump to a one-line error and its exit code, shared by
 * every verb that reads dumps (analyze, diff, inspect, open), so the same fault reads the same everywhere.
 */
final class DumpErrors {
    private DumpErrors() {}

    static CliException toCli(Path dump, IOException e) {
        if (e instanceof NoSuchFileException) return new CliException(ExitCodes.NOT_FOUND, "no such file: " + dump, e);
        if (e instanceof AccessDeniedException) {
            return new CliException(ExitCodes.NOT_FOUND, "cannot read " + dump + ": permission denied", e);
        }
        if (e instanceof HprofFormatException) return new CliException(ExitCodes.BAD_INPUT, dump + ": " + e.getMessage(), e);
        if (e instanceof InflateLimitException) return new CliException(ExitCodes.BAD_INPUT, e.getMessage(), e);
        if (SafeFiles.isOutOfSpace(e)) {
            return new CliException(ExitCodes.NO_RESOURCE, "not enough disk space to inflate " + dump + " (" + SafeFiles.reason(e)
                    + "); free some or point HEAPSIGHT_CACHE elsewhere", e);
        }
        // failures of heapsight's own files (the inflated copy of a gzip dump, the cache folder) rather than the dump's
        if (e instanceof FileSystemException) {
            return new CliException(ExitCodes.OUTPUT_FAILED, "cannot write what " + dump + " needs: " + SafeFiles.reason(e), e);
        }
        return new CliException(ExitCodes.BAD_INPUT, dump + ": cannot be read as a heap dump: " + oneLine(e), e);
    }

    private static String oneLine(IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}

package io.heapsight.cli;

import io.heapsight.hprof.InflateLimitException;
import io.heapsight.hprof.SafeFiles;

import java.io.IOException;
import java.nio.file.Path;

/** One-line errors for what can go wrong while heapsight makes files from a dump (the inflated copy of a gzip dump). */
final class DerivedFileErrors {
    private DerivedFileErrors() {}

    /** Failures of heapsight's own files rather than of reading the dump. */
    static boolean isOurs(IOException e) {
        return e instanceof InflateLimitException || SafeFiles.isOutOfSpace(e) || e instanceof java.nio.file.FileSystemException;
    }

    static CliException toCli(Path dump, IOException e) {
        if (e instanceof InflateLimitException) return new CliException(ExitCodes.BAD_INPUT, e.getMessage(), e);
        if (SafeFiles.isOutOfSpace(e)) {
            return new CliException(ExitCodes.NO_RESOURCE, "not enough disk space to inflate " + dump + " (" + SafeFiles.reason(e)
                    + "); free some or point HEAPSIGHT_CACHE elsewhere", e);
        }
        return new CliException(ExitCodes.OUTPUT_FAILED, "cannot write what " + dump + " needs: " + SafeFiles.reason(e), e);
    }
}

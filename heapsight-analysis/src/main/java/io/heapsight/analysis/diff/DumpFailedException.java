package io.heapsight.analysis.diff;

import java.io.IOException;
import java.nio.file.Path;

/** Reading one of the dumps failed; the cause says why (missing file, not HPROF, ...), dump() says which. */
public final class DumpFailedException extends IOException {
    private final Path dump;

    public DumpFailedException(Path dump, IOException cause) {
        super(dump + ": " + cause.getMessage(), cause);
        this.dump = dump;
    }

    public Path dump() {
        return dump;
    }

    @Override
    public synchronized IOException getCause() {
        return (IOException) super.getCause();
    }
}

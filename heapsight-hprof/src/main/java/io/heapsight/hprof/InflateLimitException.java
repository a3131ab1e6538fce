package io.heapsight.hprof;

import java.io.IOException;

/** A gzip dump inflates beyond the {@link GzipLimits} in force: refused before it fills the disk. */
public final class InflateLimitException extends IOException {
    public InflateLimitException(String message) {
        super(message);
    }
}

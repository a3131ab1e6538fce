package io.heapsight.hprof;

import java.io.IOException;

/** The input is not an HPROF file, or a record in it is corrupt. The message is one line, fit for a user. */
public final class HprofFormatException extends IOException {
    private final long offset;

    public HprofFormatException(String message, long offset) {
        super(offset >= 0 ? message + " (at byte " + offset + ")" : message);
        this.offset = offset;
    }

    /** Byte offset in the (uncompressed) dump where the problem was found, or -1. */
    public long offset() {
        return offset;
    }
}

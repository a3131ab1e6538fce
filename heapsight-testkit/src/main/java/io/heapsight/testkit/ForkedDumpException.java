package io.heapsight.testkit;

import java.io.IOException;

/** A forked scenario JVM failed, timed out or wrote no dump; the message ends with the tail of its output. */
public final class ForkedDumpException extends IOException {
    private final String outputTail;

    ForkedDumpException(String message, String outputTail) {
        super(outputTail.isBlank() ? message : message + "\n--- child output (tail) ---\n" + outputTail);
        this.outputTail = outputTail;
    }

    /** The last lines the child printed on stdout/stderr. */
    public String outputTail() {
        return outputTail;
    }
}

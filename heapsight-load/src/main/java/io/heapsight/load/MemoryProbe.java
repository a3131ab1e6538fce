package io.heapsight.load;

/**
 * Reads the target's memory before and after the load. Implementations force a full GC first where they can, so
 * the live set is comparable between the two samples: the /api/diagnostics probe here, a pid-attach probe elsewhere.
 */
public interface MemoryProbe {

    /** A sample taken now, after forcing a collection if the probe can. */
    MemorySample sample() throws ProbeException;

    /** Where the numbers come from, for the output: "http://127.0.0.1:8080/api/diagnostics", "pid 1234". */
    String describe();

    /** The probe could not read the target; the message is one line. */
    final class ProbeException extends Exception {
        public ProbeException(String message) {
            super(message);
        }

        public ProbeException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

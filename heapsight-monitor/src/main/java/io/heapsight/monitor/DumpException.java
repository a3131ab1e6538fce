package io.heapsight.monitor;

/** A dump was refused or failed; no partial file is left under the requested name. */
public final class DumpException extends RuntimeException {
    public enum Reason { EXISTS, NO_SPACE, BAD_PATH, FAILED }

    private final Reason reason;

    public DumpException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public DumpException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

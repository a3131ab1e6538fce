package io.heapsight.monitor;

/** A target JVM could not be attached to or reached; the message is one line a user can act on. */
public final class AttachException extends RuntimeException {
    public AttachException(String message) {
        super(message);
    }

    public AttachException(String message, Throwable cause) {
        super(message, cause);
    }
}

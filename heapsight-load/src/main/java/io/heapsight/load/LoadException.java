package io.heapsight.load;

/** The load could not run as asked; the message is one line for the user. */
public final class LoadException extends RuntimeException {

    /** Why, so a front end can pick an exit code. */
    public enum Reason { BAD_TARGET, REMOTE_NOT_ALLOWED, UNREACHABLE }

    private final Reason reason;

    public LoadException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public LoadException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

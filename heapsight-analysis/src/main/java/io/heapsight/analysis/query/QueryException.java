package io.heapsight.analysis.query;

/** A query could not answer because of its input: an id that names no object, a malformed parameter. */
public final class QueryException extends RuntimeException {
    public enum Reason { NOT_FOUND, BAD_ARGUMENT }

    private final Reason reason;

    public QueryException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public static QueryException notFound(String message) {
        return new QueryException(Reason.NOT_FOUND, message);
    }

    public static QueryException badArgument(String message) {
        return new QueryException(Reason.BAD_ARGUMENT, message);
    }
}

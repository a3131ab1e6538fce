package io.heapsight.hprof;

/** How a walk over a dump ended: complete, or cut short by a truncated or corrupt file after {@code bytesRead} bytes. */
public record WalkResult(Status status, long bytesRead, long fileSize, String problem) {
    public enum Status { COMPLETE, TRUNCATED, CORRUPT }

    public boolean complete() {
        return status == Status.COMPLETE;
    }

    /** One line for the user, e.g. "truncated: read 12,345,678 of 20,000,000 bytes (61.7%)". */
    public String describe() {
        if (complete()) {
            return "complete";
        }
        return String.format("%s: read %,d of %,d bytes (%.1f%%)%s", status.name().toLowerCase(), bytesRead, fileSize,
                fileSize == 0 ? 0.0 : 100.0 * bytesRead / fileSize, problem == null ? "" : "; " + problem);
    }
}

package io.heapsight.hprof;

/** How a walk over a dump ended: complete, or cut short by a truncated or corrupt file after {@code bytesRead} bytes. */
public record WalkResult(Status status, long bytesRead, long fileSize, String problem) {
    /** How a dump was read, mildest first: {@link #worse} keeps the later of two. */
    public enum Status {
        COMPLETE, TRUNCATED, CORRUPT;

        /** "complete", "truncated", "corrupt": as printed and in JSON. */
        public String token() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public String toString() {
            return token();
        }

        /** The worse of the two (corrupt over truncated over complete), e.g. for a set of dumps. */
        public Status worse(Status other) {
            return other.compareTo(this) > 0 ? other : this;
        }
    }

    public boolean complete() {
        return status == Status.COMPLETE;
    }

    /** One line for the user, e.g. "truncated: read 12,345,678 of 20,000,000 bytes (61.7%)". */
    public String describe() {
        if (complete()) {
            return status.token();
        }
        return String.format("%s: read %,d of %,d bytes (%.1f%%)%s", status.token(), bytesRead, fileSize,
                fileSize == 0 ? 0.0 : 100.0 * bytesRead / fileSize, problem == null ? "" : "; " + problem);
    }
}

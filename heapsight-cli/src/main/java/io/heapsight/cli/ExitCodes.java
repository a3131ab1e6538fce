package io.heapsight.cli;

/**
 * Exit codes shared by every command, so scripts and CI can tell outcomes apart. Documented in docs/cli.md; each
 * verb lists the ones it can return in its --help through the {@code L_*} lines ("code:meaning", picocli's format).
 */
public final class ExitCodes {
    private ExitCodes() {}

    public static final int OK = 0;
    /** An unexpected internal error (a bug): the one line names it; HEAPSIGHT_DEBUG=1 prints the stack trace. */
    public static final int INTERNAL = 1;
    /** Bad command-line usage. */
    public static final int USAGE = 2;
    /** An input file is missing or unreadable. */
    public static final int NOT_FOUND = 3;
    /** An input is not what it should be: not an HPROF file, a corrupt record, an invalid argument value. */
    public static final int BAD_INPUT = 4;
    /** A dump was truncated: what was there was analyzed, the output says how much was read. */
    public static final int TRUNCATED = 5;
    /** A target JVM could not be attached to or reached. */
    public static final int ATTACH_FAILED = 6;
    /** Not enough disk space (or another resource) to do what was asked. */
    public static final int NO_RESOURCE = 7;
    /**
     * An output cannot be written: its folder is read-only or missing, permission is denied, its name is a symbolic
     * link or a folder. Nothing partial is left behind. (An output that names an input, or a non-empty folder for
     * investigate, is refused before any work as bad usage.)
     */
    public static final int OUTPUT_FAILED = 8;
    /** inspect: the object or class asked about is not in the dump. */
    public static final int NOT_IN_DUMP = 9;
    /** A verdict command found a leak (monitor, diff, load, investigate) and --fail-on-leak was given. */
    public static final int LEAK_FOUND = 10;

    static final String HEADING = "%nExit codes:%n";
    static final String L_OK = "0:Success.";
    static final String L_INTERNAL = "1:Internal error (a bug; HEAPSIGHT_DEBUG=1 shows details).";
    static final String L_USAGE = "2:Bad usage.";
    static final String L_NOT_FOUND = "3:Input file not found or unreadable.";
    static final String L_BAD_INPUT = "4:Invalid input: not an HPROF file, corrupt, or a bad value.";
    static final String L_TRUNCATED = "5:A dump is truncated (what was read is still reported).";
    static final String L_ATTACH_FAILED = "6:The target JVM or URL could not be reached, or the target exited mid-run.";
    static final String L_NO_RESOURCE = "7:Not enough disk space or another resource.";
    static final String L_OUTPUT_FAILED = "8:An output could not be written (read-only, link, folder).";
    static final String L_NOT_IN_DUMP = "9:No such object or class in the dump.";
    static final String L_LEAK_FOUND = "10:A leak was found and --fail-on-leak was given.";
}

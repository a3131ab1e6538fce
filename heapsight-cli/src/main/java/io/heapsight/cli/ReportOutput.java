package io.heapsight.cli;

import io.heapsight.hprof.SafeFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a report goes: standard output, or a file written through {@link SafeFiles} (a private temporary, renamed
 * into place; never through a symbolic link, never over an input, no temporary left after a failure).
 */
final class ReportOutput {
    private ReportOutput() {}

    /** Refuses an --out that is one of the inputs (the same file, also through a link or another path). */
    static void refuseInputs(Path out, List<Path> inputs) {
        if (out == null) return;
        for (Path in : inputs) {
            if (sameFile(out, in)) {
                throw new CliException(ExitCodes.USAGE, "--out " + out + " is the input " + in + "; refusing to overwrite it");
            }
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) return Files.isSameFile(a, b);
        } catch (IOException e) {
            // cannot tell: compare the names below
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    static void write(String text, Path out, String verb, List<Path> inputs) {
        write(text, out, verb, inputs, System.err);
    }

    /** As above, saying where the report went on {@code log} (nowhere under --quiet: {@link ProgressOptions#log()}). */
    static void write(String text, Path out, String verb, List<Path> inputs, java.io.PrintStream log) {
        if (out == null) {
            System.out.print(text);
            System.out.flush();
            return;
        }
        refuseInputs(out, inputs);
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            SafeFiles.saveText(out, text, SafeFiles.Options.outputOf(inputs.toArray(Path[]::new)));
        } catch (IOException e) {
            throw writeFailed(out, e);
        }
        log.println("heapsight " + verb + ": wrote " + out);
    }

    /** The one-line error and exit code for an output that could not be written. */
    static CliException writeFailed(Path out, IOException e) {
        if (SafeFiles.isOutOfSpace(e)) {
            return new CliException(ExitCodes.NO_RESOURCE, "cannot write " + out + ": not enough disk space (" + SafeFiles.reason(e) + ")", e);
        }
        return new CliException(ExitCodes.OUTPUT_FAILED, "cannot write " + out + ": " + SafeFiles.reason(e), e);
    }
}

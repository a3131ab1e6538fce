package io.heapsight.cli;

import picocli.CommandLine;

import java.io.FileNotFoundException;
import java.nio.file.NoSuchFileException;

/** Turns every failure into one line on stderr and a distinct exit code; never a stack trace unless HEAPSIGHT_DEBUG=1. */
final class OneLineErrors implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        if (System.getenv("HEAPSIGHT_DEBUG") != null) {
            ex.printStackTrace();
        }
        int code;
        String message;
        if (ex instanceof CliException ce) {
            code = ce.exitCode();
            message = ce.getMessage();
        } else if (ex instanceof NoSuchFileException || ex instanceof FileNotFoundException) {
            code = ExitCodes.NOT_FOUND;
            message = "file not found: " + ex.getMessage();
        } else {
            code = ExitCodes.INTERNAL;
            message = "internal error (" + ex.getClass().getSimpleName() + "): " + ex.getMessage()
                    + " — rerun with HEAPSIGHT_DEBUG=1 for details";
        }
        cmd.getErr().println("heapsight " + cmd.getCommandName() + ": " + message);
        return code;
    }

    static int onParameterError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        cmd.getErr().println("heapsight: " + ex.getMessage());
        cmd.getErr().println("Try 'heapsight " + (cmd.getParent() == null ? "" : cmd.getCommandName() + " ") + "--help'.");
        return ExitCodes.USAGE;
    }
}

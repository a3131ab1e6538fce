package io.heapsight.cli;

import picocli.CommandLine;

import java.io.FileNotFoundException;
import java.nio.file.NoSuchFileException;
import java.util.List;

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
        // messages quote dump content (class names, paths): escaped so that nothing in them drives the terminal
        cmd.getErr().println("heapsight " + cmd.getCommandName() + ": " + io.heapsight.report.TerminalText.escape(message));
        return code;
    }

    /**
     * Bad usage: one line naming the verb, what was wrong and, for a misspelt verb or option, the nearest names;
     * then where the help is. Exit code 2.
     */
    static int onParameterError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        boolean top = cmd.getParent() == null;
        String who = top ? "heapsight" : "heapsight " + cmd.getCommandName();
        cmd.getErr().println(who + ": " + describe(ex, top));
        cmd.getErr().println("see '" + who + " --help'");
        cmd.getErr().flush();
        return ExitCodes.USAGE;
    }

    static String describe(CommandLine.ParameterException ex, boolean top) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String arg = u.getUnmatched().get(0);
            if (arg.startsWith("-") && arg.indexOf('=') > 0) arg = arg.substring(0, arg.indexOf('='));   // the name, not its value
            String what = arg.startsWith("-") ? "unknown option '" + arg + "'"
                    : top ? "unknown verb '" + arg + "'" : "unexpected argument '" + arg + "'";
            List<String> near = u.getSuggestions().stream().filter(s -> !s.isBlank()).distinct().limit(3).toList();
            return near.isEmpty() ? what : what + "; did you mean " + String.join(" or ", near) + "?";
        }
        String message = ex.getMessage() == null ? "bad usage" : ex.getMessage().strip();
        int newline = message.indexOf('\n');
        if (newline >= 0) message = message.substring(0, newline).strip();
        if (message.regionMatches(true, 0, "error: ", 0, 7)) message = message.substring(7);   // picocli's own prefix
        return message.isEmpty() ? "bad usage" : Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }
}

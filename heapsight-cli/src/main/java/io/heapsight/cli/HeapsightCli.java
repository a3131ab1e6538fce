package io.heapsight.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: one verb per question a user asks; each verb is a thin command over a library module. */
@Command(name = "heapsight", mixinStandardHelpOptions = true, version = "heapsight 0.1.0",
        description = "Memory-leak investigation for the JVM: watch, capture, explain, reproduce, prevent. "
                + "Run 'heapsight VERB --help' for the options of a verb.",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.L_OK, ExitCodes.L_INTERNAL, ExitCodes.L_USAGE, ExitCodes.L_NOT_FOUND,
                ExitCodes.L_BAD_INPUT, ExitCodes.L_TRUNCATED, ExitCodes.L_ATTACH_FAILED,
                ExitCodes.L_NO_RESOURCE, ExitCodes.L_OUTPUT_FAILED, ExitCodes.L_LEAK_FOUND},
        subcommands = {
                PsCommand.class,
                MonitorCommand.class,
                DumpCommand.class,
                AnalyzeCommand.class,
                DiffCommand.class,
                OpenCommand.class,
                InspectCommand.class,
                InvestigateCommand.class,
                DemoCommand.class,
                LoadCommand.class,
                StartupTrainingCommand.class,
                CommandLine.HelpCommand.class
        })
public final class HeapsightCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /** Runs the CLI and returns the exit code, without calling System.exit (tests call this). */
    public static int run(String... args) {
        CommandLine cl = commandLine();
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError oom) {
            System.err.println("heapsight: out of memory; give it more heap with HEAPSIGHT_JAVA_OPTS=-Xmx<size>");
            return ExitCodes.NO_RESOURCE;
        }
    }

    /** The command tree as every run configures it: 80-column help, one-line errors, case-insensitive enums. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new HeapsightCli());
        cl.setExecutionExceptionHandler(new OneLineErrors());
        cl.setParameterExceptionHandler(OneLineErrors::onParameterError);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpWidth(80);
        cl.setUsageHelpAutoWidth(false);
        return cl;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}

package io.heapsight.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "diff", description = "(being built)")
final class DiffCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new CliException(ExitCodes.INTERNAL, "'diff' is not built yet");
    }
}

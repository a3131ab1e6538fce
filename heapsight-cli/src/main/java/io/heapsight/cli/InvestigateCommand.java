package io.heapsight.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "investigate", description = "(being built)")
final class InvestigateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new CliException(ExitCodes.INTERNAL, "'investigate' is not built yet");
    }
}

package io.heapsight.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "analyze", description = "(being built)")
final class AnalyzeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new CliException(ExitCodes.INTERNAL, "'analyze' is not built yet");
    }
}

package io.heapsight.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "demo", description = "(being built)")
final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new CliException(ExitCodes.INTERNAL, "'demo' is not built yet");
    }
}

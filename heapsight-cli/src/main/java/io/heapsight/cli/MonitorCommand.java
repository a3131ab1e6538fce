package io.heapsight.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "monitor", description = "(being built)")
final class MonitorCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new CliException(ExitCodes.INTERNAL, "'monitor' is not built yet");
    }
}

package io.heapsight.cli;

import io.heapsight.load.LoadOptions;
import picocli.CommandLine.Option;

/** {@code -c/--concurrency N}: requests in flight, with one default for every verb that drives load. */
final class ConcurrencyOption {
    @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "" + LoadOptions.DEFAULT_CONCURRENCY,
            description = "Requests in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;
}

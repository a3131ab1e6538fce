package io.heapsight.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code -o/--out FILE}: where a verb's report goes instead of standard output. */
final class OutFileOption {
    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "Write the report to FILE instead of standard output.")
    Path file;
}

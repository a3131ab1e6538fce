package io.heapsight.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --out-dir DIR}: the folder a verb writes several files into (dumps, histograms, reports). */
final class OutDirOption {
    @Option(names = "--out-dir", paramLabel = "DIR",
            description = "Folder for the files this command writes (its default is given above).")
    Path dir;
}

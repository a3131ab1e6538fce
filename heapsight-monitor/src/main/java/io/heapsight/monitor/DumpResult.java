package io.heapsight.monitor;

import java.nio.file.Path;
import java.time.Duration;

/** A heap dump that was written completely: its final path, size and how long the target was busy writing it. */
public record DumpResult(Path path, long sizeBytes, Duration took) {
}

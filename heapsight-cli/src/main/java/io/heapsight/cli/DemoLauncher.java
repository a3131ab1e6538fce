package io.heapsight.cli;

import io.heapsight.demo.DemoProcess;
import picocli.CommandLine;

import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the demo for `demo` and `investigate --demo`: in its own JVM, with the CLI's code and picocli left off its
 * classpath, so no heapsight-internal class can be loaded there, let alone appear in a dump of it.
 */
final class DemoLauncher {
    private DemoLauncher() {}

    static DemoProcess start(String host, int port, String maxHeap, PrintStream stderr) {
        return DemoProcess.start(host, port, maxHeap, ownCode(), stderr);
    }

    /** Where the CLI's classes and picocli were loaded from (a jar or a classes folder each). */
    static List<Path> ownCode() {
        List<Path> out = new ArrayList<>();
        for (Class<?> c : List.of(HeapsightCli.class, CommandLine.class)) {
            try {
                var src = c.getProtectionDomain().getCodeSource();
                if (src != null && src.getLocation() != null) out.add(Path.of(src.getLocation().toURI()));
            } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
                // unknown location: nothing to leave out
            }
        }
        return out;
    }
}

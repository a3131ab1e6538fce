package io.heapsight.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Where a report goes: standard output, or a file written atomically (a temp name, then renamed). */
final class ReportOutput {
    private ReportOutput() {}

    static void write(String text, Path out, String verb) throws IOException {
        if (out == null) {
            System.out.print(text);
            System.out.flush();
            return;
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.err.println("heapsight " + verb + ": wrote " + out);
    }
}

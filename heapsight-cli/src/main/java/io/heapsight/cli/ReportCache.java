package io.heapsight.cli;

import io.heapsight.heap.DumpFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The rendered report of an analyzed dump, kept beside it like the index: asking again for the same report of the
 * same (unchanged) dump prints it at once. Keyed by the dump's size and modification time and by every option that
 * changes the output; a different question (another format, --top, ...) is answered from the index instead.
 */
final class ReportCache {
    private static final String MAGIC = "heapsight-report-cache v1";

    record Cached(int exitCode, String warning, String text) {}

    private ReportCache() {}

    private static Path fileFor(Path dump, String key) throws IOException {
        return DumpFiles.derivedFile(dump, dump.getFileName() + ".heapsight-report-" + Integer.toHexString(key.hashCode()));
    }

    private static String header(Path dump, String key, int exitCode) throws IOException {
        return MAGIC + " size=" + Files.size(dump) + " mtime=" + Files.getLastModifiedTime(dump).toMillis()
                + " exit=" + exitCode + " key=" + key.replace('\n', ' ');
    }

    static Cached read(Path dump, String key) {
        try {
            Path file = fileFor(dump, key);
            if (!Files.isRegularFile(file)) return null;
            String all = Files.readString(file, StandardCharsets.UTF_8);
            int first = all.indexOf('\n');
            int second = first < 0 ? -1 : all.indexOf('\n', first + 1);
            if (second < 0) return null;
            String head = all.substring(0, first);
            int exitAt = head.indexOf(" exit=");
            if (exitAt < 0) return null;
            int code = Integer.parseInt(head.substring(exitAt + 6, head.indexOf(' ', exitAt + 6)));
            if (!head.equals(header(dump, key, code))) return null;
            return new Cached(code, all.substring(first + 1, second), all.substring(second + 1));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static void write(Path dump, String key, int exitCode, String warning, String text) {
        try {
            Path file = fileFor(dump, key);
            Path tmp = file.resolveSibling(file.getFileName() + ".part");
            Files.writeString(tmp, header(dump, key, exitCode) + "\n" + (warning == null ? "" : warning.replace('\n', ' ')) + "\n" + text,
                    StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // not fatal: the next run answers from the index
        }
    }
}

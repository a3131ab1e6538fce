package io.heapsight.cli;

import io.heapsight.heap.DumpBinding;
import io.heapsight.heap.DumpFiles;
import io.heapsight.hprof.SafeFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The rendered report of an analyzed dump, kept beside it like the index: asking again for the same report of the
 * same (unchanged) dump prints it at once. Keyed by every option that changes the output, and bound to the dump and
 * to its own text by a keyed code ({@link DumpBinding}): a report planted by someone else, made from another dump or
 * edited since is never printed (an HTML report could carry a script); the question is answered from the index.
 */
final class ReportCache {
    private static final String MAGIC = "heapsight-report-cache v2";

    record Cached(int exitCode, String warning, String text) {}

    private ReportCache() {}

    private static Path fileFor(Path dump, String key) throws IOException {
        return DumpFiles.derived(dump, "report-" + DumpBinding.sha256Hex(key).substring(0, 16));
    }

    private static String code(Path dump, String key, int exitCode, String warning, String text) throws IOException {
        byte[] mac = DumpBinding.of(dump, key.getBytes(StandardCharsets.UTF_8), Integer.toString(exitCode).getBytes(StandardCharsets.UTF_8),
                warning.getBytes(StandardCharsets.UTF_8), text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(mac);
    }

    static Cached read(Path dump, String key) {
        try {
            Path file = fileFor(dump, key);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return null;
            String all = Files.readString(file, StandardCharsets.UTF_8);
            String[] head = all.split("\n", 4);
            if (head.length < 4 || !head[0].equals(MAGIC)) return null;
            int code = Integer.parseInt(head[2].substring(head[2].indexOf(' ') + 1));
            String warning = head[3].substring(0, head[3].indexOf('\n') < 0 ? 0 : head[3].indexOf('\n'));
            String text = head[3].substring(warning.length() + 1);
            if (!head[1].equals(code(dump, key, code, warning, text))) {
                System.err.println("heapsight: ignoring the kept report " + file + " (made from another dump, or changed since)");
                return null;
            }
            return new Cached(code, warning, text);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static void write(Path dump, String key, int exitCode, String warning, String text) {
        try {
            Path file = fileFor(dump, key);
            String w = warning == null ? "" : warning.replace('\n', ' ');
            SafeFiles.saveText(file, MAGIC + "\n" + code(dump, key, exitCode, w, text) + "\nexit " + exitCode + "\n" + w + "\n" + text,
                    SafeFiles.Options.derivedFrom(dump));
        } catch (IOException | RuntimeException e) {
            // not fatal: the next run answers from the index
        }
    }
}

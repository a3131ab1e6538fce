package io.heapsight.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * The scenario side's copy of heapsight's file rule (SafeFiles, which a JDK 17 scenario cannot load): a new
 * temporary under a random name (O_EXCL, no link followed), then an atomic rename; nothing left after a failure.
 */
final class ScenarioFiles {
    private ScenarioFiles() {}

    static void saveText(Path target, String text) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID().toString().substring(0, 8) + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
            if (Files.isSymbolicLink(target)) throw new IOException(target + " is a symbolic link; refusing to replace it");
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

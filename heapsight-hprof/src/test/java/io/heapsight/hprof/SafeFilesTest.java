package io.heapsight.hprof;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one way heapsight writes files: new private temporaries, atomic renames, no links followed, nothing left on failure. */
class SafeFilesTest {
    @TempDir
    Path dir;

    private long entries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void replacesAnExistingFileAtomicallyAndLeavesNoTemporary() throws Exception {
        Path target = Files.writeString(dir.resolve("report.txt"), "old");
        SafeFiles.saveText(target, "new", SafeFiles.Options.outputOf());
        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(entries()).isEqualTo(1);
    }

    @Test
    void aTargetThatIsASymbolicLinkIsRefusedAndItsTargetUntouched() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim"), "precious");
        Path link = Files.createSymbolicLink(dir.resolve("report.txt"), victim);
        assertThatThrownBy(() -> SafeFiles.saveText(link, "evil", SafeFiles.Options.outputOf()))
                .isInstanceOf(FileSystemException.class).hasMessageContaining("symbolic link");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(entries()).isEqualTo(2);
    }

    @Test
    void aDanglingLinkAtTheTargetIsNotFollowedEither() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("report.txt"), dir.resolve("created-through-the-link"));
        assertThatThrownBy(() -> SafeFiles.saveText(link, "evil", SafeFiles.Options.outputOf())).isInstanceOf(FileSystemException.class);
        assertThat(dir.resolve("created-through-the-link")).doesNotExist();
    }

    @Test
    void noReplaceNeverOverwrites() throws Exception {
        Path target = Files.writeString(dir.resolve("report.html"), "someone's");
        assertThatThrownBy(() -> SafeFiles.saveText(target, "ours", SafeFiles.Options.fresh()))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(target)).isEqualTo("someone's");
        assertThat(entries()).isEqualTo(1);
    }

    @Test
    void aFailureWhileWritingDeletesTheTemporaryAndKeepsTheOldFile() throws Exception {
        Path target = Files.writeString(dir.resolve("index"), "old");
        assertThatThrownBy(() -> SafeFiles.save(target, SafeFiles.Options.derivedFrom(), ch -> {
            ch.write(ByteBuffer.wrap(new byte[1000]));
            throw new IOException("No space left on device");
        })).isInstanceOf(IOException.class).satisfies(e -> assertThat(SafeFiles.isOutOfSpace((IOException) e)).isTrue());
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(entries()).isEqualTo(1);
    }

    @Test
    void derivedFilesAreNeverWiderThanTheirInputs() throws Exception {
        Path privateDump = Files.writeString(dir.resolve("private.hprof"), "x");
        Files.setPosixFilePermissions(privateDump, PosixFilePermissions.fromString("rw-------"));
        Path sharedDump = Files.writeString(dir.resolve("shared.hprof"), "x");
        Files.setPosixFilePermissions(sharedDump, PosixFilePermissions.fromString("rw-rw-rw-"));
        Path a = dir.resolve("a"), b = dir.resolve("b"), c = dir.resolve("c");
        SafeFiles.saveText(a, "x", SafeFiles.Options.derivedFrom(privateDump));
        SafeFiles.saveText(b, "x", SafeFiles.Options.derivedFrom(sharedDump));
        SafeFiles.saveText(c, "x", SafeFiles.Options.outputOf(sharedDump, privateDump));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(a))).isEqualTo("rw-------");
        // never writable by others, whatever the input allows (and the umask may narrow it further)
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(b))).matches("rw-r--r--|rw-r-----|rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(c))).isEqualTo("rw-------");
    }

    @Test
    void aPrivateDirectoryIsCreated0700AndAnOpenOneIsRefused() throws Exception {
        Path cache = SafeFiles.privateDirectory(dir.resolve("a/b/cache"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache))).isEqualTo("rwx------");
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> SafeFiles.privateDirectory(open)).hasMessageContaining("writable by other users");
        Path link = Files.createSymbolicLink(dir.resolve("link"), cache);
        assertThatThrownBy(() -> SafeFiles.privateDirectory(link)).hasMessageContaining("symbolic link");
    }

    @Test
    void gzipLimitsScaleWithTheCompressedSizeBeyondTheGrace() {
        GzipLimits l = new GzipLimits(200, 64L << 30, 1L << 30);
        assertThat(l.limitFor(1 << 20)).isEqualTo(1L << 30);                  // small files: the grace
        assertThat(l.limitFor(100L << 20)).isEqualTo(200 * (100L << 20));     // 100 MB gzip: 20,000 MB
        assertThat(l.limitFor(1L << 30)).isEqualTo(64L << 30);                // capped
        assertThat(GzipLimits.parseSize("512m")).isEqualTo(512L << 20);
        assertThat(GzipLimits.parseSize("64G")).isEqualTo(64L << 30);
    }
}

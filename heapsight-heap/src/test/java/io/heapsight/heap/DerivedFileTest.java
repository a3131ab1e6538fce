package io.heapsight.heap;

import io.heapsight.testkit.PrivateHeapsightCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The skeleton every kept file shares: what it reads back is what was written for this dump, and anything else (another
 * version, another dump, an edit, a file too large, a link planted at its name) is refused, with one note naming the
 * file and the reason when there is a file of that name to refuse.
 */
@ExtendWith(PrivateHeapsightCache.class)
class DerivedFileTest {
    @TempDir
    Path dir;
    private final List<String> notes = new ArrayList<>();
    private final Progress noting = Progress.notesTo(notes::add);

    private Path dump(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content.repeat(2000));
        return p;
    }

    private static byte[] same(byte[] payload) {
        return payload;
    }

    @Test
    void aKeyedFileReadsBackForItsDumpOnlyAndRefusesEveryOtherFile() throws Exception {
        DerivedFile v2 = DerivedFile.keyed("things", "things file", "heapsight-things v2");
        Path dump = dump("a.hprof", "JAVA PROFILE 1.0.2 a");
        byte[] payload = "forty-two".getBytes(StandardCharsets.UTF_8);
        v2.saveKeyed(dump, payload);
        Path file = v2.fileFor(dump);
        assertThat(file.getFileName().toString()).isEqualTo("a.hprof.heapsight-things");
        assertThat(v2.loadKeyed(dump, 100, noting, "counting again", DerivedFileTest::same)).isEqualTo(payload);
        assertThat(notes).isEmpty();
        byte[] good = Files.readAllBytes(file);

        // an older version, a newer one, an edit, too large: each one note, nothing returned
        DerivedFile.keyed("things", "things file", "heapsight-things v1").saveKeyed(dump, payload);
        assertThat(v2.loadKeyed(dump, 100, noting, "counting again", DerivedFileTest::same)).isNull();
        assertThat(notes).singleElement().asString().isEqualTo("ignoring " + file + " (an older things file format); counting again");
        notes.clear();
        DerivedFile.keyed("things", "things file", "heapsight-things v3").saveKeyed(dump, payload);
        assertThat(v2.loadKeyed(dump, 100, noting, "counting again", DerivedFileTest::same)).isNull();
        assertThat(notes).singleElement().asString().contains("(not a things file of this heapsight version)");
        for (int at = 0; at < good.length; at++) {
            byte[] bad = good.clone();
            bad[at] ^= 0x04;
            Files.write(file, bad);
            notes.clear();
            assertThat(v2.loadKeyed(dump, 100, noting, "counting again", DerivedFileTest::same)).as("byte %d", at).isNull();
            assertThat(notes).as("byte %d", at).hasSize(1);
        }
        Files.write(file, good);
        notes.clear();
        assertThat(v2.loadKeyed(dump, payload.length - 1, noting, "counting again", DerivedFileTest::same)).isNull();
        assertThat(notes).singleElement().asString().contains("larger than a things file can be");

        // the file of another dump, copied beside it under its name
        Path other = dump("b.hprof", "JAVA PROFILE 1.0.2 b");
        Files.write(v2.fileFor(other), good);
        notes.clear();
        assertThat(v2.loadKeyed(other, 100, noting, "counting again", DerivedFileTest::same)).isNull();
        assertThat(notes).singleElement().asString().contains("made from another dump, or changed since");

        // the payload's own check refuses with its words
        notes.clear();
        assertThat(v2.<byte[]>loadKeyed(dump, 100, noting, "counting again", p -> {
            throw new java.io.IOException("count out of range");
        })).isNull();
        assertThat(notes).singleElement().asString().contains("(count out of range)");
    }

    @Test
    void aLinkAtTheNameIsNeitherReadNorWrittenThrough() throws Exception {
        DerivedFile kind = DerivedFile.keyed("things", "things file", "heapsight-things v1");
        Path dump = dump("a.hprof", "JAVA PROFILE 1.0.2 a");
        kind.saveKeyed(dump, new byte[]{1, 2, 3});
        Path file = kind.fileFor(dump);
        Path elsewhere = dir.resolve("elsewhere");
        Files.move(file, elsewhere);
        Files.createSymbolicLink(file, elsewhere);
        assertThat(kind.loadKeyed(dump, 100, noting, "again", DerivedFileTest::same)).isNull();
        kind.saveKeyed(dump, new byte[]{9}); // refused: a link is never replaced
        assertThat(Files.isSymbolicLink(file)).isTrue();
        assertThat(Files.readAllBytes(elsewhere)).hasSizeGreaterThan(3);
    }

    @Test
    void aBoundFileChecksItsMagicVersionAndDumpBeforeItsBodyIsRead() throws Exception {
        Path dump = dump("a.hprof", "JAVA PROFILE 1.0.2 a");
        DerivedFile v4 = DerivedFile.bound("columns", "columns file", 0x4853_434F_4C34_0000L, 0xFFFF_FFFF_FF00_0000L);
        v4.saveBound(dump, io -> io.writeLong(42));
        assertThat(v4.loadBound(dump, noting, "again", IndexIO::readLong)).isEqualTo(42L);
        DerivedFile v3 = DerivedFile.bound("columns", "columns file", 0x4853_434F_4C33_0000L, 0xFFFF_FFFF_FF00_0000L);
        v3.saveBound(dump, io -> io.writeLong(42));
        assertThat(v4.loadBound(dump, noting, "again", IndexIO::readLong)).isNull();
        assertThat(notes).singleElement().asString().contains("(an older columns file format)");

        notes.clear();
        DerivedFile index5 = DerivedFile.versioned("idx", "index", 0x4853_4944_5831_0000L, 5);
        DerivedFile.versioned("idx", "index", 0x4853_4944_5831_0000L, 4).saveBound(dump, io -> io.writeLong(1));
        assertThat(index5.loadBound(dump, noting, "again", IndexIO::readLong)).isNull();
        assertThat(notes).singleElement().asString().contains("(an older index format)");
        notes.clear();
        DerivedFile.versioned("idx", "index", 0x4853_4944_5831_0000L, 6).saveBound(dump, io -> io.writeLong(1));
        assertThat(index5.loadBound(dump, noting, "again", IndexIO::readLong)).isNull();
        assertThat(notes).singleElement().asString().contains("(not an index of this heapsight version)");

        notes.clear();
        v4.saveBound(dump, io -> io.writeLong(42));
        byte[] good = Files.readAllBytes(v4.fileFor(dump));
        Path other = dump("b.hprof", "JAVA PROFILE 1.0.2 b");
        Files.write(v4.fileFor(other), good);
        assertThat(v4.loadBound(other, noting, "again", IndexIO::readLong)).isNull();
        assertThat(notes).singleElement().asString().contains("made from another dump, or changed since");
        notes.clear();
        Files.write(v4.fileFor(dump), Arrays.copyOf(good, good.length - 3));
        assertThat(v4.loadBound(dump, noting, "again", IndexIO::readLong)).isNull();
        assertThat(notes).singleElement().asString().startsWith("ignoring " + v4.fileFor(dump) + " (");
    }
}

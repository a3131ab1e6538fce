package io.heapsight.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Eclipse MAT job's plumbing (MAT itself is not installed here): skipping, finding the launcher, its command. */
class MatJobTest {
    @TempDir
    Path dir;

    @Test
    void withoutMatHomeMatIsSkippedWithOneNoteAndTheOtherToolsRun() throws IOException {
        List<Tool> tools = new ArrayList<>(List.of(Tool.HEAPSIGHT, Tool.MAT));
        List<String> notes = new ArrayList<>();
        assertThat(MatJob.resolve(tools, Map.of(), notes::add)).isNull();
        assertThat(tools).containsExactly(Tool.HEAPSIGHT);
        assertThat(notes).singleElement().asString().startsWith("mat: skipped (MAT_HOME is not set").doesNotContain("\n");

        tools = new ArrayList<>(List.of(Tool.MAT));
        notes.clear();
        assertThat(MatJob.resolve(tools, Map.of("MAT_HOME", "  "), notes::add)).isNull();
        assertThat(tools).isEmpty();
        assertThat(notes).hasSize(1);
    }

    @Test
    void matHomeIsIgnoredWhenMatIsNotAmongTheTools() throws IOException {
        List<Tool> tools = new ArrayList<>(List.of(Tool.HEAPSIGHT));
        List<String> notes = new ArrayList<>();
        assertThat(MatJob.resolve(tools, Map.of("MAT_HOME", "/nowhere"), notes::add)).isNull();
        assertThat(notes).isEmpty();
    }

    @Test
    void aMatHomeWithoutLauncherIsAOneLineError() {
        List<Tool> tools = new ArrayList<>(List.of(Tool.MAT));
        assertThatThrownBy(() -> MatJob.resolve(tools, Map.of("MAT_HOME", dir.toString()), n -> {}))
                .isInstanceOf(IOException.class)
                .hasMessage("MAT_HOME=" + dir + " has no plugins/org.eclipse.equinox.launcher_*.jar: not an unpacked Eclipse Memory Analyzer");
    }

    @Test
    void findsTheNewestLauncherOnLinuxAndInTheMacAppBundle() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("mat/plugins"));
        Files.createFile(plugins.resolve("org.eclipse.equinox.launcher_1.6.800.v20240513-1750.jar"));
        Files.createFile(plugins.resolve("org.eclipse.equinox.launcher_1.6.900.v20240613-2009.jar"));
        Files.createFile(plugins.resolve("org.eclipse.equinox.launcher.gtk.linux.x86_64_1.2.1000.jar")); // native fragment
        Files.createFile(plugins.resolve("org.eclipse.mat.api_1.17.0.jar"));
        assertThat(MatJob.launcher(dir.resolve("mat")).getFileName().toString())
                .isEqualTo("org.eclipse.equinox.launcher_1.6.900.v20240613-2009.jar");

        Path mac = Files.createDirectories(dir.resolve("mat.app/Contents/Eclipse/plugins"));
        Files.createFile(mac.resolve("org.eclipse.equinox.launcher_1.6.900.jar"));
        assertThat(MatJob.launcher(dir.resolve("mat.app"))).isEqualTo(mac.resolve("org.eclipse.equinox.launcher_1.6.900.jar"));
    }

    @Test
    void commandIsTheParseApplicationWithTheSuspectsReportUnderTheSameJdkAndHeap() {
        List<String> cmd = MatJob.command(Path.of("/jdk/bin/java"), "6g", List.of("-XX:+UseParallelGC"),
                Path.of("/mat/plugins/org.eclipse.equinox.launcher_1.6.900.jar"), Path.of("/tmp/s/dump.hprof"),
                Path.of("/tmp/s/workspace"));
        assertThat(cmd).containsExactly("/jdk/bin/java", "-Xmx6g", "-XX:+UseParallelGC",
                "-jar", "/mat/plugins/org.eclipse.equinox.launcher_1.6.900.jar",
                "-consoleLog", "-nosplash", "-data", "/tmp/s/workspace",
                "-application", "org.eclipse.mat.api.parse", "/tmp/s/dump.hprof", "org.eclipse.mat.api:suspects");
    }

    @Test
    void successIsTheSuspectsZipBesideTheDumpAndIndexFilesAreCounted() throws IOException {
        Path dump = Files.write(dir.resolve("dump.hprof"), new byte[1000]);
        assertThat(MatJob.suspectsReport(dump)).isEqualTo(dir.resolve("dump_Leak_Suspects.zip"));
        Files.write(dir.resolve("dump.idx.index"), new byte[300]);
        Files.write(dir.resolve("dump.o2c.index"), new byte[200]);
        Files.write(dir.resolve("dump.threads"), new byte[50]);        // not an index
        Files.write(dir.resolve("other.idx.index"), new byte[7000]);   // another dump's
        assertThat(MatJob.indexBytes(dump)).isEqualTo(500);
    }
}

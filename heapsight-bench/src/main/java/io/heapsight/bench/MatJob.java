package io.heapsight.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Eclipse MAT's headless parser, when MAT_HOME points at an unpacked Memory Analyzer (it is not on Maven Central).
 * What {@code $MAT_HOME/ParseHeapDump.sh DUMP org.eclipse.mat.api:suspects} does, run as
 * {@code java -Xmx.. -jar plugins/org.eclipse.equinox.launcher_*.jar -consoleLog -nosplash -application
 * org.eclipse.mat.api.parse DUMP org.eclipse.mat.api:suspects} so the child gets the same JDK and -Xmx as the other
 * tools (ParseHeapDump.sh takes them from MemoryAnalyzer.ini) and is itself the measured process: parse, index
 * files, dominator tree, then the leak suspects report (a zip beside the dump).
 * The dump is reached through a symlink in a scratch folder, so MAT's index files land there and every run is cold.
 */
final class MatJob {
    static final String ENV = "MAT_HOME";
    static final String APPLICATION = "org.eclipse.mat.api.parse";
    static final String REPORT = "org.eclipse.mat.api:suspects";

    private MatJob() {}

    /** MAT_HOME when set and not blank. */
    static Optional<Path> home(java.util.Map<String, String> env) {
        String v = env.get(ENV);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(Path.of(v.strip()));
    }

    /**
     * MAT_HOME for a run whose tools include MAT; when it is not set, MAT is removed from tools and the skipped note
     * goes to note. A MAT_HOME that is no MAT installation is an error before any work is done.
     *
     * @return MAT_HOME, or null when MAT does not run
     * @throws IOException with a one-line reason when MAT_HOME has no launcher
     */
    static Path resolve(List<Tool> tools, java.util.Map<String, String> env, java.util.function.Consumer<String> note)
            throws IOException {
        if (!tools.contains(Tool.MAT)) return null;
        Optional<Path> home = home(env);
        if (home.isEmpty()) {
            note.accept(skippedNote());
            tools.remove(Tool.MAT);
            return null;
        }
        launcher(home.get());
        return home.get();
    }

    /** The one line printed instead of running MAT when MAT_HOME is not set. */
    static String skippedNote() {
        return "mat: skipped (MAT_HOME is not set; point it at an unpacked Eclipse Memory Analyzer, e.g. "
                + "MAT_HOME=~/mat scripts/bench ...)";
    }

    /**
     * The Equinox launcher jar of the installation: plugins/org.eclipse.equinox.launcher_&lt;version&gt;.jar under
     * MAT_HOME (Linux, Windows) or MAT_HOME/Contents/Eclipse (the macOS app bundle); the newest when several.
     *
     * @throws IOException with a one-line reason when there is none
     */
    static Path launcher(Path matHome) throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path base : List.of(matHome, matHome.resolve("Contents").resolve("Eclipse"))) {
            Path plugins = base.resolve("plugins");
            if (!Files.isDirectory(plugins)) continue;
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(plugins, "org.eclipse.equinox.launcher_*.jar")) {
                jars.forEach(found::add);
            }
        }
        if (found.isEmpty()) {
            throw new IOException(ENV + "=" + matHome + " has no plugins/org.eclipse.equinox.launcher_*.jar: "
                    + "not an unpacked Eclipse Memory Analyzer");
        }
        found.sort(null);
        return found.get(found.size() - 1);
    }

    /** The child's command line: java, the shared JVM options, the launcher, the parse application and its report. */
    static List<String> command(Path java, String xmx, List<String> extraJvmArgs, Path launcher, Path dumpLink,
                                Path workspace) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.add("-Xmx" + xmx);
        cmd.addAll(extraJvmArgs);
        cmd.add("-jar");
        cmd.add(launcher.toString());
        cmd.add("-consoleLog");
        cmd.add("-nosplash");
        cmd.add("-data");            // Eclipse's workspace (preferences, logs): private to this run
        cmd.add(workspace.toString());
        cmd.add("-application");
        cmd.add(APPLICATION);
        cmd.add(dumpLink.toString());
        cmd.add(REPORT);
        return cmd;
    }

    /** MAT writes "&lt;dump without .hprof&gt;_Leak_Suspects.zip" beside the dump when the report succeeded. */
    static Path suspectsReport(Path dumpLink) {
        return dumpLink.resolveSibling(prefix(dumpLink) + "_Leak_Suspects.zip");
    }

    /** Total size of MAT's "&lt;prefix&gt;.*.index" files beside the dump, for comparison with heapsight's. */
    static long indexBytes(Path dumpLink) throws IOException {
        long sum = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dumpLink.toAbsolutePath().getParent(),
                prefix(dumpLink) + ".*index")) {
            for (Path f : files) sum += Files.size(f);
        }
        return sum;
    }

    private static String prefix(Path dumpLink) {
        String name = dumpLink.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}

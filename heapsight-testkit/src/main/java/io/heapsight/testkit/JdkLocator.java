package io.heapsight.testkit;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the home of an installed JDK of one feature version by reading each candidate's {@code release} file,
 * the way scripts/find-jdk does: the running JDK first, then $HEAPSIGHT_JDK&lt;N&gt;_HOME, then the usual folders.
 */
public final class JdkLocator {
    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");
    private static final List<String> FOLDERS = List.of("/usr/lib/jvm", "/opt/java", "/usr/java",
            System.getProperty("user.home") + "/.sdkman/candidates/java");

    private JdkLocator() {}

    static Path runningJdk() {
        return Paths.get(System.getProperty("java.home"));
    }

    /** The {@code java} launcher of an installed JDK of that feature version. */
    public static Path java(int feature) throws IOException {
        return find(feature).orElseThrow(() -> new IOException("no JDK " + feature
                + " found (looked at this JVM, $HEAPSIGHT_JDK" + feature + "_HOME and " + String.join(", ", FOLDERS) + ")"))
                .resolve("bin/java");
    }

    public static Optional<Path> find(int feature) {
        if (Runtime.version().feature() == feature) return Optional.of(runningJdk());
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("HEAPSIGHT_JDK" + feature + "_HOME");
        if (env != null && !env.isBlank()) candidates.add(Paths.get(env));
        for (String folder : FOLDERS) {
            Path dir = Paths.get(folder);
            if (!Files.isDirectory(dir)) continue;
            try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
                List<Path> sorted = new ArrayList<>();
                children.forEach(sorted::add);
                sorted.sort(null); // deterministic choice among equal versions
                candidates.addAll(sorted);
            } catch (IOException ignored) {
                // an unreadable folder just holds no candidates
            }
        }
        for (Path home : candidates) {
            if (featureOf(home) == feature && Files.isExecutable(home.resolve("bin/java"))) {
                try {
                    return Optional.of(home.toRealPath());
                } catch (IOException e) {
                    return Optional.of(home);
                }
            }
        }
        return Optional.empty();
    }

    /** The feature version in {@code <home>/release}, or -1 when it is not a JDK home. */
    static int featureOf(Path home) {
        try {
            Matcher m = JAVA_VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}

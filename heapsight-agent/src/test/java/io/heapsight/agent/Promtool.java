package io.heapsight.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Finds Debian's prometheus package (promtool, prometheus): tests skip without it, except in CI, where it must be there. */
final class Promtool {
    static final Path DOCS = Path.of("../docs").toAbsolutePath().normalize();

    private Promtool() {}

    static Path binary(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return p;
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(name + " is not installed: scripts/setup-ci installs Debian's prometheus package");
        }
        assumeTrue(false, name + " is not installed (apt-get install prometheus); skipped outside CI");
        return null;
    }

    /** Runs a command to its end (bounded) and returns its exit code and combined output. */
    static Result run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish within 60 s");
        }
        return new Result(p.exitValue(), out);
    }

    record Result(int exit, String output) {}
}

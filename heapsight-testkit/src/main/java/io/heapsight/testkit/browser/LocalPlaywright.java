package io.heapsight.testkit.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Playwright without its 193 MB driver-bundle and without downloading browsers: the driver is the playwright-core
 * npm package of the same version (fetched once with npm into target/), run by the system's node, and the browser is
 * Debian's /usr/bin/chromium. Outside CI a missing piece skips the browser tests with a message; in CI (CI=true)
 * it fails them, since scripts/setup-ci installs chromium. Shared by every module with browser tests (demo page,
 * HTML reports, explorer); such a module declares the playwright dependency and the surefire settings of heapsight-demo.
 */
public final class LocalPlaywright {
    private LocalPlaywright() {}

    public static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("HEAPSIGHT_CHROMIUM", "/usr/bin/chromium"));
    static final Path NODE = Path.of(System.getenv().getOrDefault("PLAYWRIGHT_NODEJS_PATH", "/usr/bin/node"));
    private static final Path DRIVER_DIR = Path.of("target", "playwright-driver").toAbsolutePath();

    /** Flags verified on this kind of machine (headless in a container, offline). */
    public static final List<String> CHROMIUM_FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");

    public static Playwright create() {
        require(Files.isExecutable(CHROMIUM), "chromium is not installed at " + CHROMIUM + " (run scripts/setup-ci)");
        require(Files.isExecutable(NODE), "node is not installed at " + NODE);
        Path cli = DRIVER_DIR.resolve("package").resolve("cli.js");
        if (!Files.isRegularFile(cli)) {
            String failure = fetchDriver();
            require(failure == null, "cannot get the playwright-core driver: " + failure);
        }
        System.setProperty("playwright.cli.dir", DRIVER_DIR.toString());
        return Playwright.create(new Playwright.CreateOptions().setEnv(Map.of(
                "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1",
                "PLAYWRIGHT_NODEJS_PATH", NODE.toString())));
    }

    public static Browser launchChromium(Playwright playwright) {
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM).setHeadless(true).setArgs(CHROMIUM_FLAGS));
    }

    /** npm pack playwright-core@VERSION and unpack it: the tarball's top folder is "package/", the layout the driver expects. */
    /**
     * Collects what must never happen on one of our pages into {@code problems}: script errors, console errors and
     * warnings; and records Content-Security-Policy violations in the page (read them with {@link #cspViolations}).
     * Call before navigating.
     */
    public static void watchForProblems(com.microsoft.playwright.Page page, List<String> problems) {
        page.onPageError(e -> problems.add("page error: " + e));
        page.onConsoleMessage(m -> {
            if (m.type().equals("error") || m.type().equals("warning")) problems.add("console " + m.type() + ": " + m.text());
        });
        page.addInitScript("window.__csp = []; document.addEventListener('securitypolicyviolation',"
                + " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));");
    }

    /** The CSP violations seen since the page was watched ({@link #watchForProblems}), joined by "; "; empty if none. */
    public static String cspViolations(com.microsoft.playwright.Page page) {
        return String.valueOf(page.evaluate("() => window.__csp.join('; ')"));
    }

    private static String fetchDriver() {
        String version = System.getProperty("playwright.version");
        if (version == null || version.isBlank()) {
            return "system property playwright.version is not set (run through Maven)";
        }
        try {
            Files.createDirectories(DRIVER_DIR);
            String tgz = "playwright-core-" + version + ".tgz";
            String npm = run(List.of("npm", "pack", "playwright-core@" + version, "--pack-destination", DRIVER_DIR.toString()));
            if (npm != null) return npm;
            return run(List.of("tar", "xzf", DRIVER_DIR.resolve(tgz).toString(), "-C", DRIVER_DIR.toString()));
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(DRIVER_DIR.resolve("fetch.log").toFile()).start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return String.join(" ", command) + " timed out";
            }
            return p.exitValue() == 0 ? null
                    : String.join(" ", command) + " exited " + p.exitValue() + " (see " + DRIVER_DIR.resolve("fetch.log") + ")";
        } catch (IOException e) {
            return String.join(" ", command) + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static void require(boolean ok, String why) {
        if (ok) return;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("browser test cannot run in CI: " + why);
        }
        Assumptions.abort("browser test skipped: " + why);
    }
}

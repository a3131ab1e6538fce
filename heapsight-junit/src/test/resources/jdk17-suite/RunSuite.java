import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

/**
 * Runs the tests of package demo with the JUnit Platform launcher, as a build tool would, and prints per test
 * "==> NAME STATUS", the failure message's lines, then "<==". Usage: java -cp ... RunSuite
 */
public class RunSuite {
    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        out.println("java.version " + System.getProperty("java.version"));
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectPackage("demo")).build(),
                new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (!id.isTest()) return;
                        out.println("==> " + id.getDisplayName() + " " + result.getStatus());
                        result.getThrowable().ifPresent(t -> out.println(t.getClass().getName() + ": " + t.getMessage()));
                        out.println("<==");
                    }
                });
    }
}

package io.heapsight.testkit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code @ExtendWith(PrivateHeapsightCache.class)}: each test gets its own empty heapsight cache folder (the
 * {@code heapsight.cache} property, where derived files go when a dump's folder is not writable), so no test sees
 * another's files or the user's; the folder is deleted after the test.
 */
public final class PrivateHeapsightCache implements BeforeEachCallback, AfterEachCallback {
    private static final String PROPERTY = "heapsight.cache";

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PrivateHeapsightCache.class);

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        Path dir = Files.createTempDirectory("heapsight-test-cache-");
        context.getStore(NS).put(PROPERTY, dir);
        System.setProperty(PROPERTY, dir.toString());
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        System.clearProperty(PROPERTY);
        Path dir = context.getStore(NS).remove(PROPERTY, Path.class);
        if (dir == null) return;
        try (var files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        }
    }
}

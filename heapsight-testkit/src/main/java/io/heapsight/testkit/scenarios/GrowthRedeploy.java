package io.heapsight.testkit.scenarios;

import io.heapsight.testkit.ScenarioSupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Class loaders accumulating across redeploys: each deployment creates a URLClassLoader over a temp directory that
 * holds a copy of {@link GrowthRedeployPlugin}'s class file, loads and instantiates the plugin, and registers the
 * instance in a static list that is never cleaned: every old loader, its classes and their static state stay alive.
 * Args: deployments (default 3).
 */
public final class GrowthRedeploy {
    static final List<Object> PLUGINS = new ArrayList<>();

    private GrowthRedeploy() {}

    public static void main(String[] args) throws Exception {
        int deployments = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path dir = Files.createTempDirectory("heapsight-redeploy");
        String name = GrowthRedeployPlugin.class.getName();
        Path classFile = dir.resolve(name.replace('.', '/') + ".class");
        Files.createDirectories(classFile.getParent());
        try (InputStream in = GrowthRedeploy.class.getResourceAsStream("/" + name.replace('.', '/') + ".class")) {
            if (in == null) throw new IOException("class file of " + name + " not found");
            Files.copy(in, classFile);
        }
        for (int i = 0; i < deployments; i++) {
            URLClassLoader loader = new URLClassLoader("deployment-" + i, new URL[] {dir.toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            Class<?> plugin = Class.forName(name, true, loader);
            if (plugin.getClassLoader() != loader) throw new IllegalStateException("plugin not defined by its own loader");
            PLUGINS.add(plugin.getDeclaredConstructor().newInstance());
        }
        Map<String, String> facts = new HashMap<>();
        facts.put("deployments", String.valueOf(deployments));
        ScenarioSupport.dumpNow(facts);
        Files.delete(classFile);
    }
}

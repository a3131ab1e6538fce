package io.heapsight.analysis.scenarios;

import io.heapsight.testkit.ScenarioSupport;
import org.apache.catalina.Context;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A web application deployed again and again in an embedded Tomcat: each deployment gets its own web-application
 * class loader, whose copy of {@link LeakyStartupListener} (from the application's WEB-INF/classes) allocates 4 MiB of
 * static data and starts a "metrics-poller" thread that nothing stops. Undeploying the previous deployment (Tomcat
 * logs that the thread was left running) leaves its loader pinned by that thread. Args: deployments (default 5).
 */
public final class WebappRedeploy {
    private WebappRedeploy() {}

    public static void main(String[] args) throws Exception {
        int deployments = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path base = Files.createTempDirectory("heapsight-tomcat");
        Path docBase = Files.createDirectories(base.resolve("webapp"));
        for (Class<?> c : new Class<?>[] {LeakyStartupListener.class}) copyClassFile(c, docBase.resolve("WEB-INF/classes"));

        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.resolve("tomcat").toString());
        tomcat.getHost().setAutoDeploy(false);
        tomcat.start();
        Context current = null;
        for (int i = 0; i < deployments; i++) {
            if (current != null) tomcat.getHost().removeChild(current); // undeploy: stops and destroys the context
            // as Tomcat.addContext does, with the listener declared before the host starts the context
            current = new StandardContext();
            current.setName("/shop");
            current.setPath("/shop");
            current.setDocBase(docBase.toString());
            current.addLifecycleListener(new Tomcat.FixContextListener());
            current.addApplicationListener(LeakyStartupListener.class.getName());
            tomcat.getHost().addChild(current);
            if (!current.getState().isAvailable()) throw new IllegalStateException("deployment " + i + " did not start");
        }
        ScenarioSupport.dumpNow(Map.of("deployments", String.valueOf(deployments)));
        tomcat.stop();
    }

    private static void copyClassFile(Class<?> c, Path classes) throws IOException {
        String file = c.getName().replace('.', '/') + ".class";
        Path target = classes.resolve(file);
        Files.createDirectories(target.getParent());
        try (InputStream in = c.getResourceAsStream("/" + file)) {
            if (in == null) throw new IOException("class file of " + c.getName() + " not found");
            Files.copy(in, target);
        }
    }
}

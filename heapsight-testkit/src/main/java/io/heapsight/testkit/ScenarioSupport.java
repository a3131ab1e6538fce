package io.heapsight.testkit;


import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * The child side of {@link ForkedDump}: a scenario's main builds its object graph, then calls {@link #dumpNow(Map)}
 * and keeps the graph reachable until it returns ({@code Reference.reachabilityFence}).
 *
 * <p>This class runs in the forked JVM, which may be a JDK 17: the testkit is compiled for Java 17.
 */
public final class ScenarioSupport {

    private ScenarioSupport() {}

    /**
     * Records the facts, takes the JVM's class histogram (GC.class_histogram through the DiagnosticCommand MBean;
     * with "-all" when dead objects are dumped too), writes the heap dump (HotSpotDiagnosticMXBean.dumpHeap, or
     * {@code jcmd <pid> GC.heap_dump -gz=N} for a gzip dump) and leaves histogram and facts beside it for the parent.
     *
     * <p>The facts get "jvm.*" entries added (version, pid, compressed oops, heap dump format) unless the scenario
     * set them itself.
     *
     * @throws IllegalStateException when not started by ForkedDump (no dump file given)
     * @throws UncheckedIOException  when the histogram or dump cannot be written
     */
    public static void dumpNow(Map<String, String> facts) {
        String target = System.getProperty(DumpProtocol.DUMP_FILE);
        if (target == null) {
            throw new IllegalStateException("ScenarioSupport.dumpNow: no -D" + DumpProtocol.DUMP_FILE
                    + "; run this scenario through io.heapsight.testkit.ForkedDump");
        }
        Path dump = Paths.get(target);
        boolean live = Boolean.parseBoolean(System.getProperty(DumpProtocol.LIVE, "true"));
        int gzipLevel = Integer.getInteger(DumpProtocol.GZIP_LEVEL, 0);
        try {
            Map<String, String> all = new LinkedHashMap<>(facts);
            addJvmFacts(all);
            String histogram = classHistogram(live);
            if (gzipLevel > 0) {
                dumpWithJcmd(dump, live, gzipLevel);
            } else {
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dump.toString(), live);
            }
            ScenarioFiles.saveText(DumpProtocol.histogramFile(dump), histogram);
            DumpProtocol.writeFacts(DumpProtocol.factsFile(dump), all); // last: tells the parent we are done
        } catch (IOException e) {
            throw new UncheckedIOException("heap dump to " + dump + " failed: " + e.getMessage(), e);
        }
    }

    private static void addJvmFacts(Map<String, String> facts) {
        RuntimeMXBean rt = ManagementFactory.getRuntimeMXBean();
        HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        facts.putIfAbsent("jvm.version", System.getProperty("java.version"));
        facts.putIfAbsent("jvm.feature", Integer.toString(Runtime.version().feature()));
        facts.putIfAbsent("jvm.pid", Long.toString(rt.getPid()));
        facts.putIfAbsent("jvm.compressedOops", hs.getVMOption("UseCompressedOops").getValue());
        facts.putIfAbsent("jvm.maxHeap", Long.toString(Runtime.getRuntime().maxMemory()));
    }

    private static String classHistogram(boolean live) throws IOException {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName dcmd = new ObjectName("com.sun.management:type=DiagnosticCommand");
            String[] args = live ? new String[0] : new String[] {"-all"};
            return (String) server.invoke(dcmd, "gcClassHistogram", new Object[] {args},
                    new String[] {String[].class.getName()});
        } catch (Exception e) {
            throw new IOException("GC.class_histogram failed: " + e, e);
        }
    }

    /** Gzip dumps only exist through the diagnostic command; an external jcmd attaches to this very JVM. */
    private static void dumpWithJcmd(Path dump, boolean live, int level) throws IOException {
        Path jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd");
        List<String> cmd = new ArrayList<>(List.of(jcmd.toString(), Long.toString(ProcessHandle.current().pid()),
                "GC.heap_dump", "-gz=" + level));
        if (!live) cmd.add("-all");
        cmd.add(dump.toString());
        String lastOutput = "";
        for (int attempt = 1; attempt <= 5; attempt++) { // a very young JVM may not answer the first attach
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            lastOutput = readAll(p.getInputStream()); // read fully: an unread attach pipe can stall the target
            int rc;
            try {
                rc = p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while jcmd was dumping", e);
            }
            if (rc == 0 && Files.isRegularFile(dump) && Files.size(dump) > 0) return;
            Files.deleteIfExists(dump);
            sleep(1000L * attempt);
        }
        throw new IOException("jcmd GC.heap_dump failed: " + lastOutput.strip());
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

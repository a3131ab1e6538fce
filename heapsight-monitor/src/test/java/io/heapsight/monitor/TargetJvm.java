package io.heapsight.monitor;

import io.heapsight.testkit.JdkLocator;
import io.heapsight.testkit.Processes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A forked JVM running one MemoryScenario; started by a test, destroyed by it (only our own processes). */
final class TargetJvm implements AutoCloseable {
    final Process process;
    final long pid;

    private TargetJvm(Process process, long pid) {
        this.process = process;
        this.pid = pid;
    }

    /** Starts `java [jvmArgs] MemoryScenario.java scenario` on the JDK of the given feature version, waits for "ready". */
    static TargetJvm start(int jdk, String scenario, String... jvmArgs) throws IOException {
        Path source = Path.of("src/test/resources/targets/MemoryScenario.java").toAbsolutePath();
        List<String> cmd = new ArrayList<>();
        cmd.add(JdkLocator.java(jdk).toString());
        cmd.addAll(List.of(jvmArgs));
        cmd.add(source.toString());
        cmd.add(scenario);
        cmd.add("150");
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("ready ")) {
            p.destroyForcibly();
            throw new IOException("target did not start: " + line);
        }
        drain(p.getInputStream());
        return new TargetJvm(p, p.pid());
    }

    private static void drain(InputStream in) {
        Thread t = new Thread(() -> {
            try {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException e) {
                // process ended
            }
        });
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        Processes.stop(process);
    }
}

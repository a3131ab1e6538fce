package io.heapsight.monitor;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lists the JVMs of this user. It never attaches: the Attach API's list reads the JVMs' perf-data files, and /proc
 * adds Java processes that run without perf data (-XX:-UsePerfData), which cannot be listed otherwise.
 */
public final class JvmProcesses {
    private JvmProcesses() {}

    public static List<JvmProcess> list() {
        long self = ProcessHandle.current().pid();
        Map<Long, JvmProcess> byPid = new LinkedHashMap<>();
        for (VirtualMachineDescriptor d : VirtualMachine.list()) {
            long pid;
            try {
                pid = Long.parseLong(d.id());
            } catch (NumberFormatException e) {
                continue;
            }
            if (pid == self) continue;
            byPid.put(pid, describe(pid, d.displayName(), ""));
        }
        long myUid = ProcFs.selfUid();
        ProcessHandle.allProcesses().forEach(h -> {
            long pid = h.pid();
            if (pid == self || byPid.containsKey(pid)) return;
            String command = h.info().command().orElse("");
            if (!command.endsWith("/java")) return;
            if (myUid >= 0 && ProcFs.uid(pid) != myUid) return;
            List<String> argv = ProcFs.cmdline(pid);
            byPid.put(pid, describe(pid, mainOf(argv), "no perf data (-XX:-UsePerfData?)"));
        });
        List<JvmProcess> all = new ArrayList<>(byPid.values());
        all.sort(Comparator.comparingLong(JvmProcess::pid));
        return all;
    }

    static JvmProcess describe(long pid, String displayName, String note) {
        List<String> argv = ProcFs.cmdline(pid);
        if (argv.contains("-XX:+DisableAttachMechanism")) {
            note = note.isEmpty() ? "attach disabled (-XX:+DisableAttachMechanism)" : note + "; attach disabled";
        }
        return new JvmProcess(pid, displayName == null ? "" : displayName, javaVersionOf(pid), ProcFs.rssBytes(pid),
                ProcFs.ageSeconds(pid).orElse(-1), note);
    }

    /** The main class or -jar argument of a java command line. */
    static String mainOf(List<String> argv) {
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.equals("-jar") && i + 1 < argv.size()) return argv.get(i + 1);
            if (a.equals("-cp") || a.equals("-classpath") || a.equals("--class-path") || a.equals("-p")
                    || a.equals("--module-path") || a.equals("--add-opens") || a.equals("--add-exports")) {
                i++;
                continue;
            }
            if (!a.startsWith("-")) return String.join(" ", argv.subList(i, argv.size()));
        }
        return "";
    }

    /** JAVA_VERSION from the release file next to the process's java executable. */
    static String javaVersionOf(long pid) {
        Path exe = ProcFs.executable(pid);
        if (exe == null || exe.getParent() == null || exe.getParent().getParent() == null) return "?";
        Path release = exe.getParent().getParent().resolve("release");
        try {
            for (String line : Files.readAllLines(release)) {
                if (line.startsWith("JAVA_VERSION=")) return line.substring(13).replace("\"", "");
            }
        } catch (IOException | SecurityException e) {
            // unknown
        }
        return "?";
    }
}

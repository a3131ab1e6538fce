package io.heapsight.monitor;

import com.sun.tools.attach.VirtualMachine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * What can be learned about a pid before attaching, so that a failure names its real cause. It also keeps the
 * Attach API away from processes that are not JVMs: attaching signals the process (SIGQUIT), which would kill
 * a process that does not handle it.
 */
final class AttachPreflight {
    /** A JVM younger than this may not have its attach listener ready yet. */
    static final long YOUNG_JVM_MILLIS = 3000;

    private AttachPreflight() {}

    static void check(long pid) {
        if (pid <= 0) throw new AttachException("not a valid pid: " + pid);
        if (pid == ProcessHandle.current().pid()) {
            throw new AttachException("pid " + pid + " is heapsight itself; give the pid of the JVM to watch");
        }
        boolean procfs = Files.isDirectory(Path.of("/proc/self"));
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new AttachException("no process with pid " + pid + " (has it exited? `heapsight ps` lists JVMs)");
        }
        if (procfs) {
            long mine = ProcFs.selfUid();
            long theirs = ProcFs.uid(pid);
            if (mine >= 0 && theirs >= 0 && mine != theirs && mine != 0) {
                throw new AttachException("pid " + pid + " belongs to another user (uid " + theirs
                        + "); the Attach API only works as the same user: run heapsight as that user (e.g. sudo -u)");
            }
            List<String> argv = ProcFs.cmdline(pid);
            if (argv.contains("-XX:+DisableAttachMechanism")) {
                throw new AttachException("pid " + pid + " runs with -XX:+DisableAttachMechanism; restart it without that flag"
                        + " or with a JMX port and use --jmx host:port");
            }
            if (!isListedJvm(pid) && !looksLikeJava(pid)) {
                throw new AttachException("pid " + pid + " is not a HotSpot JVM that this user can see (`heapsight ps` lists them)");
            }
        }
        OptionalLong age = ProcessHandle.of(pid).flatMap(h -> h.info().startInstant())
                .map(s -> OptionalLong.of(java.time.Duration.between(s, java.time.Instant.now()).toMillis()))
                .orElse(OptionalLong.empty());
        if (age.isPresent() && age.getAsLong() < YOUNG_JVM_MILLIS) {
            // a JVM this young may ignore the attach signal; waiting is cheaper than a 10 s attach timeout
            JvmTarget.sleep(YOUNG_JVM_MILLIS - age.getAsLong());
        }
    }

    static AttachException explain(long pid, Exception cause) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return new AttachException("pid " + pid + " exited while heapsight was attaching", cause);
        }
        String detail = cause == null ? "no answer" : JvmTarget.rootMessage(cause);
        if (detail.contains("Unable to open socket file") || detail.contains("doesn't respond")) {
            return new AttachException("pid " + pid + " did not answer the attach request (a JVM that just started, is"
                    + " stuck in a long safepoint, runs in another container/tmp, or is not HotSpot): " + oneLine(detail), cause);
        }
        return new AttachException("cannot attach to pid " + pid + ": " + oneLine(detail), cause);
    }

    private static boolean isListedJvm(long pid) {
        String id = Long.toString(pid);
        return VirtualMachine.list().stream().anyMatch(d -> d.id().equals(id));
    }

    private static boolean looksLikeJava(long pid) {
        Path exe = ProcFs.executable(pid);
        if (exe != null && exe.getFileName() != null && exe.getFileName().toString().equals("java")) return true;
        // embedded JVMs: libjvm mapped in the process
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "maps")).contains("libjvm.so");
        } catch (Exception e) {
            return false;
        }
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').trim();
    }
}

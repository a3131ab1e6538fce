package io.heapsight.monitor;

/**
 * A JVM of this user as seen from outside, without attaching to it.
 *
 * @param pid          process id
 * @param displayName  main class or jar and its arguments, as the JVM advertises it ("" when unknown)
 * @param javaVersion  JAVA_VERSION from the `release` file of the JDK the process runs on ("?" when unknown)
 * @param rssBytes     resident set size, -1 when unknown
 * @param uptimeSeconds seconds since start, -1 when unknown
 * @param note         why attaching will not work ("" when nothing is known against it)
 */
public record JvmProcess(long pid, String displayName, String javaVersion, long rssBytes, long uptimeSeconds, String note) {

    /** The display name made readable: a jar or source file by its file name, the source launcher left out. */
    public String shortName() {
        String[] parts = displayName.trim().split("\\s+", -1);
        if (parts.length == 0 || parts[0].isEmpty()) return "";
        int first = 0;
        if (parts[0].endsWith("com.sun.tools.javac.launcher.Main") || parts[0].endsWith("com.sun.tools.javac.launcher.SourceLauncher")) {
            first = Math.min(1, parts.length - 1);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = first; i < parts.length; i++) {
            String p = parts[i];
            if (i == first && (p.endsWith(".jar") || p.endsWith(".java")) && p.contains("/")) p = p.substring(p.lastIndexOf('/') + 1);
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(p);
        }
        return sb.toString();
    }
}

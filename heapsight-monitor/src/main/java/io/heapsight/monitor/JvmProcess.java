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
}

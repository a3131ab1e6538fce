package io.heapsight.cli;

import io.heapsight.common.ByteSize;
import io.heapsight.common.Durations;
import io.heapsight.monitor.JvmProcess;
import io.heapsight.monitor.JvmProcesses;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Lists this user's JVMs without attaching to any of them. */
@Command(name = "ps", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        header = "List this user's JVMs, without attaching to them.",
        description = {"Shows each one's pid, Java version, uptime, RSS and main class. Other users' JVMs are not "
                + "visible: run heapsight as their user.",
                "Pick a pid for `heapsight monitor PID` or `heapsight dump PID`."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.L_OK, ExitCodes.L_INTERNAL, ExitCodes.L_USAGE})
final class PsCommand implements Callable<Integer> {

    @Mixin
    FormatOptions.TextOrJson output;

    @Override
    public Integer call() throws Exception {
        List<JvmProcess> jvms = JvmProcesses.list();
        PrintStream out = System.out;
        if (output.isJson()) {
            List<Map<String, Object>> rows = jvms.stream().map(j -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("pid", j.pid());
                m.put("javaVersion", j.javaVersion());
                m.put("uptimeSeconds", j.uptimeSeconds() < 0 ? null : j.uptimeSeconds());
                m.put("rssBytes", j.rssBytes() < 0 ? null : j.rssBytes());
                m.put("main", j.displayName());
                m.put("note", j.note().isEmpty() ? null : j.note());
                return m;
            }).toList();
            Map<String, Object> doc = CliJson.document("ps");
            doc.put("jvms", rows);
            out.println(CliJson.write(doc));
            return ExitCodes.OK;
        }
        if (jvms.isEmpty()) {
            System.err.println("heapsight ps: no JVMs of this user found (other users' JVMs are not visible; run as their user)");
            return ExitCodes.OK;
        }
        out.printf("%8s  %-10s %9s %10s  %s%n", "PID", "JAVA", "UPTIME", "RSS", "MAIN");
        for (JvmProcess j : jvms) {
            String main = j.shortName().isEmpty() ? "?" : j.shortName();
            if (main.length() > 80) main = main.substring(0, 77) + "...";
            out.printf("%8d  %-10s %9s %10s  %s%s%n", j.pid(), j.javaVersion(), Durations.humanSeconds(j.uptimeSeconds()),
                    ByteSize.formatOrUnknown(j.rssBytes()), main, j.note().isEmpty() ? "" : "  [" + j.note() + "]");
        }
        return ExitCodes.OK;
    }
}

package io.heapsight.cli;

import io.heapsight.demo.DemoProcess;
import io.heapsight.demo.DemoServer;
import io.heapsight.demo.DemoStartException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        header = "Run the deliberately leaky demo service.",
        description = {"Run the deliberately leaky demo service in a JVM of its own: one endpoint per memory pattern, and a"
                + " page at / that charts heap, live set, RSS, GC, CPU and requests per second live.",
                "Prints its URL and its pid, for monitor and dump.",
                "Stops with Ctrl-C. See docs/demo.md."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.L_OK, ExitCodes.L_INTERNAL, ExitCodes.L_USAGE, ExitCodes.L_NO_RESOURCE})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = DemoServer.DEFAULT_HOST,
            description = "Address to bind (default: ${DEFAULT-VALUE}). The endpoints leak on purpose: "
                    + "bind anything else only on a machine you own.")
    String host;

    @Option(names = "--xmx", paramLabel = "SIZE", defaultValue = DemoProcess.DEFAULT_MAX_HEAP,
            description = "Max heap of the demo's JVM, as -Xmx takes it (default: ${DEFAULT-VALUE}).")
    String xmx;

    @Override
    public Integer call() {
        if (port < 0 || port > 65535) {
            throw new CliException(ExitCodes.USAGE, "--port must be 0..65535, got " + port);
        }
        checkHeap(xmx);
        PrintStream out = System.out;
        if (!isLoopback(host)) {
            System.err.println("heapsight demo: warning: " + host + " exposes deliberately leaky endpoints beyond this machine");
        }
        DemoProcess demo;
        try {
            demo = DemoLauncher.start(host, port, xmx, System.err);
        } catch (DemoStartException e) {
            throw new CliException(ExitCodes.NO_RESOURCE, e.getMessage(), e);
        }
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Thread hook = new Thread(() -> {
            stopping.set(true);
            demo.close();
        }, "heapsight-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println(DemoServer.READY_PREFIX + demo.uri());
        out.println("pid " + demo.pid() + " (its own JVM, -Xmx" + xmx + "): heapsight monitor " + demo.pid() + ", heapsight dump "
                + demo.pid());
        out.println("open " + demo.uri() + "/ in a browser for the live charts; Ctrl-C stops the demo");
        out.flush();
        try {
            int code = demo.waitFor();
            if (stopping.get()) return ExitCodes.OK;         // Ctrl-C: the hook stopped it
            // ended by itself (killed, crashed) rather than by us
            throw new CliException(ExitCodes.INTERNAL, "the demo JVM (pid " + demo.pid() + ") exited with code " + code);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            demo.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or ran: nothing to remove
            }
        }
        return ExitCodes.OK;
    }

    /** -Xmx syntax: digits with an optional k/m/g unit, at least 32 MB (Javalin and the chart page need some room). */
    static void checkHeap(String xmx) {
        var m = java.util.regex.Pattern.compile("(\\d{1,9})([kKmMgG]?)").matcher(xmx);
        if (!m.matches()) throw new CliException(ExitCodes.USAGE, "--xmx takes a size such as 256m or 1g, got " + xmx);
        long n = Long.parseLong(m.group(1));
        long bytes = switch (m.group(2).toLowerCase(java.util.Locale.ROOT)) {
            case "k" -> n << 10;
            case "m" -> n << 20;
            case "g" -> n << 30;
            default -> n;
        };
        if (bytes < 32L << 20) throw new CliException(ExitCodes.USAGE, "--xmx must be at least 32m, got " + xmx);
    }

    private static boolean isLoopback(String host) {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.startsWith("127.");
    }
}

package io.heapsight.cli;

import io.heapsight.demo.DemoServer;
import io.heapsight.demo.DemoStartException;
import io.heapsight.demo.RunningDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        header = "Run the deliberately leaky demo service.",
        description = {"Run the deliberately leaky demo service: one endpoint per memory pattern, and a page at / that "
                + "charts heap, live set, RSS, GC, CPU and requests per second live.",
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

    @Override
    public Integer call() {
        if (port < 0 || port > 65535) {
            throw new CliException(ExitCodes.USAGE, "--port must be 0..65535, got " + port);
        }
        PrintStream out = System.out;
        if (!isLoopback(host)) {
            System.err.println("heapsight demo: warning: " + host + " exposes deliberately leaky endpoints beyond this machine");
        }
        RunningDemo demo;
        try {
            demo = DemoServer.start(host, port);
        } catch (DemoStartException e) {
            throw new CliException(ExitCodes.NO_RESOURCE, e.getMessage(), e);
        }
        Thread hook = new Thread(demo::close, "heapsight-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println(DemoServer.READY_PREFIX + demo.uri());
        out.println("open " + demo.uri() + "/ in a browser for the live charts; Ctrl-C stops the demo");
        out.flush();
        try {
            demo.awaitClosed();
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

    private static boolean isLoopback(String host) {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.startsWith("127.");
    }
}

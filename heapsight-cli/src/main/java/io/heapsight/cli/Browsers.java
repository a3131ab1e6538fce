package io.heapsight.cli;

import java.io.IOException;
import java.net.URI;

/** Starts the user's browser on a URL, when there is a desktop to show it; otherwise says how to open it. */
final class Browsers {
    private Browsers() {}

    static void open(URI uri) {
        boolean desktop = System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null
                || System.getProperty("os.name", "").startsWith("Mac");
        if (!desktop) {
            System.err.println("heapsight open: no desktop here; open " + uri + " in a browser (over SSH: ssh -L "
                    + uri.getPort() + ":127.0.0.1:" + uri.getPort() + " this-host)");
            return;
        }
        String opener = System.getProperty("os.name", "").startsWith("Mac") ? "open" : "xdg-open";
        try {
            new ProcessBuilder(opener, uri.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            System.err.println("heapsight open: cannot start a browser (" + e.getMessage() + "); open " + uri);
        }
    }
}

package io.heapsight.analysis.scenarios;

import io.heapsight.demo.DemoServer;
import io.heapsight.demo.RunningDemo;
import io.heapsight.testkit.ScenarioSupport;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Map;

/**
 * The demo service after a few hundred leaky requests, as `heapsight demo` users see it: its own JVM, requests over
 * HTTP. Args: leaky cache requests (default 300), static-string requests (default 150).
 */
public final class DemoAfterLeakyRequests {
    private DemoAfterLeakyRequests() {}

    public static void main(String[] args) throws Exception {
        int cache = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int strings = args.length > 1 ? Integer.parseInt(args[1]) : 150;
        try (RunningDemo demo = DemoServer.start(0)) {
            for (int i = 0; i < cache; i++) get(demo.uri().resolve("/api/cache/leaky"));
            for (int i = 0; i < strings; i++) get(demo.uri().resolve("/api/staticstring"));
            for (int i = 0; i < 50; i++) get(demo.uri().resolve("/api/ping"));
            ScenarioSupport.dumpNow(Map.of("cacheRequests", String.valueOf(cache), "stringRequests", String.valueOf(strings)));
        }
    }

    private static void get(URI uri) throws Exception {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        try (InputStream in = c.getInputStream()) {
            in.readAllBytes();
        }
        if (c.getResponseCode() != 200) throw new IllegalStateException(uri + " answered " + c.getResponseCode());
    }
}

package io.heapsight.demo.leaks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The HttpClient-per-request anti-pattern (the JVM side of .NET's httpclient1/httpclient2). Every
 * java.net.http.HttpClient owns a selector thread, a connection pool and sockets; creating one per request and never
 * closing it makes threads and file descriptors pile up until the GC happens to reclaim the clients.
 */
public final class HttpClients {
    private HttpClients() {}

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** The fixed twin's one client for the whole application. */
    public static final HttpClient SHARED = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** The anti-pattern: a new client for this call, never closed. Returns the response status. */
    public static int callWithNewClient(URI target) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        return call(client, target);
    }

    public static int callWithSharedClient(URI target) throws IOException, InterruptedException {
        return call(SHARED, target);
    }

    private static int call(HttpClient client, URI target) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(target).timeout(TIMEOUT).GET().build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}

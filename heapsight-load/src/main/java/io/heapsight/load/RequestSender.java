package io.heapsight.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Sends one request of the run: an HTTP GET, or a websocket opened and then aborted. */
final class RequestSender {

    /** How long an aborting client waits for the server's first message (so the server has set up its side). */
    private static final Duration WS_FIRST_MESSAGE_WAIT = Duration.ofSeconds(2);

    /** The outcome of one request: a status or outcome name, and an error message when it failed. */
    record Outcome(String name, boolean ok, String error) {}

    private final HttpClient client;
    private final String target;
    private final boolean wsAbort;

    RequestSender(HttpClient client, String target, boolean wsAbort) {
        this.client = client;
        this.target = target;
        this.wsAbort = wsAbort;
    }

    Outcome send(long n, Duration timeout) throws InterruptedException {
        URI uri = URI.create(target.replace("{n}", Long.toString(n)));
        try {
            return wsAbort ? openAndAbort(uri, timeout) : get(uri, timeout);
        } catch (IOException e) {
            return new Outcome(e.getClass().getSimpleName(), false, LoadDriver.describe(e));
        }
    }

    private Outcome get(URI uri, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        boolean ok = status < 400;
        return new Outcome(Integer.toString(status), ok, ok ? null : "HTTP " + status + " from " + uri);
    }

    private Outcome openAndAbort(URI uri, Duration timeout) throws IOException, InterruptedException {
        URI ws = toWebSocket(uri);
        CompletableFuture<Void> firstMessage = new CompletableFuture<>();
        WebSocket socket;
        try {
            socket = client.newWebSocketBuilder().connectTimeout(timeout)
                    .buildAsync(ws, new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            firstMessage.complete(null);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onBinary(WebSocket webSocket, java.nio.ByteBuffer data, boolean last) {
                            firstMessage.complete(null);
                            return null;
                        }
                    })
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Outcome(cause.getClass().getSimpleName(), false, "websocket " + ws + ": " + LoadDriver.describe(cause));
        } catch (TimeoutException e) {
            return new Outcome("timeout", false, "websocket " + ws + ": no handshake within " + timeout.toMillis() + " ms");
        }
        try {
            firstMessage.get(Math.min(timeout.toMillis(), WS_FIRST_MESSAGE_WAIT.toMillis()), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException ignored) {
            // a server that says nothing first is still aborted below
        } finally {
            socket.abort();   // no close frame: the server sees the connection drop (close code 1006)
        }
        return new Outcome("ws-aborted", true, null);
    }

    static URI toWebSocket(URI uri) {
        String scheme = switch (uri.getScheme().toLowerCase(java.util.Locale.ROOT)) {
            case "https", "wss" -> "wss";
            default -> "ws";
        };
        return URI.create(scheme + uri.toString().substring(uri.getScheme().length()));
    }
}

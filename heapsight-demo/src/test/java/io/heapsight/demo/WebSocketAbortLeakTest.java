package io.heapsight.demo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The websocket leak of the investigation the demo reproduces: cleanup runs only on a normal close, so clients that
 * abort leave their 64 KB subscription context behind. Reproduced here by real aborting clients.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSocketAbortLeakTest {

    private static final int CLIENTS = 80;
    private static final long CONTEXT_BYTES = 64 * 1024;
    private static final String HOLDER = "PriceFeed.SUBSCRIPTIONS";

    private ForkedDemo demo;

    @BeforeAll
    void startDemo() throws Exception {
        demo = ForkedDemo.start();
    }

    @AfterAll
    void stopDemo() throws Exception {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void abortingClientsLeaveTheirContextsBehind() throws Exception {
        connectThenLeave("/ws/prices", 5, true);   // warm-up
        settle();
        int before = demo.holder(HOLDER);
        long liveBefore = demo.liveSet();
        connectThenLeave("/ws/prices", CLIENTS, true);
        int after = settle();
        long liveAfter = demo.liveSet();
        assertThat(after - before).isEqualTo(CLIENTS);
        assertThat(liveAfter - liveBefore).isGreaterThan((long) (0.75 * CLIENTS * CONTEXT_BYTES));
    }

    @Test
    void clientsThatCloseNormallyAreCleanedUpEvenOnTheLeakyEndpoint() throws Exception {
        int before = settle();
        connectThenLeave("/ws/prices", CLIENTS, false);
        assertThat(settle()).isEqualTo(before);
    }

    @Test
    void theFixedEndpointCleansUpAbortedClientsToo() throws Exception {
        connectThenLeave("/ws/prices/fixed", 5, true);
        int before = settle();
        long liveBefore = demo.liveSet();
        connectThenLeave("/ws/prices/fixed", CLIENTS, true);
        assertThat(settle()).isEqualTo(before);
        assertThat(demo.liveSet() - liveBefore).isLessThan(1536 * 1024);
    }

    /** Opens {@code n} websockets, waits for each one's first message, then aborts (no close frame) or closes. */
    private void connectThenLeave(String path, int n, boolean abort) throws Exception {
        URI uri = URI.create("ws://" + demo.base().getRawAuthority() + path);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CompletableFuture<Void> greeted = new CompletableFuture<>();
            WebSocket ws = demo.client.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    greeted.complete(null);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
            done.add(greeted.thenRun(() -> {
                if (abort) {
                    ws.abort();
                } else {
                    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
                }
            }));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }

    /** Waits until the server has handled every close (the count stops changing), and returns it. */
    private int settle() throws Exception {
        int last = -1;
        int current = demo.holder(HOLDER);
        for (int i = 0; i < 50 && current != last; i++) {
            Thread.sleep(200);
            last = current;
            current = demo.holder(HOLDER);
        }
        return current;
    }
}

package io.heapsight.demo.leaks;

import java.util.concurrent.CompletableFuture;

/**
 * One websocket client's subscription to the price feed: its connection context (who, since when, the last
 * 64 KB snapshot sent) and a completion that, once completed, removes it from {@link PriceFeed}.
 */
public final class PriceSubscription {

    static final int SNAPSHOT_BYTES = 64 * 1024;

    private final String connectionId;
    private final String userAgent;
    private final long connectedAtMs = System.currentTimeMillis();
    private final byte[] lastSnapshot = new byte[SNAPSHOT_BYTES];
    final CompletableFuture<Void> completion = new CompletableFuture<>();

    PriceSubscription(String connectionId, String userAgent) {
        this.connectionId = connectionId;
        this.userAgent = userAgent;
        lastSnapshot[0] = 1;
    }

    public String connectionId() {
        return connectionId;
    }

    public String userAgent() {
        return userAgent;
    }

    public long connectedAtMs() {
        return connectedAtMs;
    }
}

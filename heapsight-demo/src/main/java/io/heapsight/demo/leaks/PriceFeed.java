package io.heapsight.demo.leaks;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live price subscriptions, one per websocket connection, held in {@code PriceFeed.SUBSCRIPTIONS} until their
 * completion runs. The leaky socket completes it only when the client closes normally, so a client that aborts
 * (network drop, killed tab: close code 1006) leaves its context behind with a future never completed, the bug of
 * the websocket investigation this demo reproduces.
 */
public final class PriceFeed {
    private PriceFeed() {}

    static final Map<String, PriceSubscription> SUBSCRIPTIONS = new ConcurrentHashMap<>();

    /** Close codes a client sends when it leaves on purpose (RFC 6455: normal closure, going away). */
    private static final int NORMAL_CLOSURE = 1000;
    private static final int GOING_AWAY = 1001;

    public static PriceSubscription subscribe(String connectionId, String userAgent) {
        PriceSubscription subscription = new PriceSubscription(connectionId, userAgent);
        subscription.completion.whenComplete((ok, failure) -> SUBSCRIPTIONS.remove(connectionId));
        SUBSCRIPTIONS.put(connectionId, subscription);
        return subscription;
    }

    /** The leaky cleanup: only a clean close completes the subscription. */
    public static void onCloseCompletingOnlyNormalCloses(String connectionId, int closeCode) {
        if (closeCode == NORMAL_CLOSURE || closeCode == GOING_AWAY) {
            complete(connectionId);
        }
    }

    /** The fixed cleanup: however the connection ended. */
    public static void complete(String connectionId) {
        PriceSubscription subscription = SUBSCRIPTIONS.get(connectionId);
        if (subscription != null) {
            subscription.completion.complete(null);
        }
    }

    public static int active() {
        return SUBSCRIPTIONS.size();
    }
}

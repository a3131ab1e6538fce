package io.heapsight.demo.leaks;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * An application-wide event bus (a singleton). Whatever subscribes stays reachable from
 * {@code OrderEventBus.INSTANCE.listeners} until it unsubscribes, which is how a forgotten
 * unsubscribe becomes a leak (the .NET "event handler never removed").
 */
public final class OrderEventBus {

    public static final OrderEventBus INSTANCE = new OrderEventBus();

    private final Set<Consumer<OrderEvent>> listeners = ConcurrentHashMap.newKeySet();

    private OrderEventBus() {}

    public void subscribe(Consumer<OrderEvent> listener) {
        listeners.add(listener);
    }

    public void unsubscribe(Consumer<OrderEvent> listener) {
        listeners.remove(listener);
    }

    public void publish(OrderEvent event) {
        listeners.forEach(l -> l.accept(event));
    }

    public int listenerCount() {
        return listeners.size();
    }
}

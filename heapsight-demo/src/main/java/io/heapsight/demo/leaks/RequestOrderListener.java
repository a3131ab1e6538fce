package io.heapsight.demo.leaks;

import java.util.function.Consumer;

/**
 * A per-request handler that wants order updates while its request runs. It captures the request's context
 * (here a 10 KB rendered view), so while it is subscribed that context cannot be collected.
 */
public final class RequestOrderListener implements Consumer<OrderEvent> {

    private final String requestId;
    private final String renderedView;
    private int updatesSeen;

    public RequestOrderListener(String requestId, String renderedView) {
        this.requestId = requestId;
        this.renderedView = renderedView;
    }

    @Override
    public void accept(OrderEvent event) {
        updatesSeen++;
    }

    public String requestId() {
        return requestId;
    }

    public int viewLength() {
        return renderedView.length();
    }

    public int updatesSeen() {
        return updatesSeen;
    }
}

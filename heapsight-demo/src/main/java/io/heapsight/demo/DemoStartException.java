package io.heapsight.demo;

/** The demo could not start (port in use, bad address): the message is one line for the user. */
public final class DemoStartException extends RuntimeException {
    public DemoStartException(String message, Throwable cause) {
        super(message, cause);
    }
}

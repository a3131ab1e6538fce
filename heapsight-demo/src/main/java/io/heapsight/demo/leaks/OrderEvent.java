package io.heapsight.demo.leaks;

/** Something the order service announces to whoever subscribed. */
public record OrderEvent(String orderId, String status) {}

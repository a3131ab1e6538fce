package io.heapsight.analysis.result;

/** A sentence instead of a table: "none: no accumulation point retains a notable share of the heap". */
public record Note(String title, String text) implements Result {}

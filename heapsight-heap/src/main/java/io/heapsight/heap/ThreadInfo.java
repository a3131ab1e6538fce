package io.heapsight.heap;

import java.util.List;

/** A thread in the dump: its serial number, its java.lang.Thread object (or -1) and its stack. */
public record ThreadInfo(int serial, int objectIndex, List<StackFrameInfo> frames) {
}

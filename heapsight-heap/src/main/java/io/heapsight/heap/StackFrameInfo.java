package io.heapsight.heap;

/** One frame of a thread's stack as the dump recorded it. */
public record StackFrameInfo(String className, String methodName, String sourceFile, int line) {
    @Override
    public String toString() {
        String where = sourceFile == null || sourceFile.isEmpty() ? "Unknown Source"
                : line > 0 ? sourceFile + ":" + line : sourceFile;
        return className + "." + methodName + "(" + where + ")";
    }
}

package io.heapsight.bench;

/**
 * One run of one tool. wallMillis is the child JVM's whole life (start to exit, what a user waits for);
 * jobMillis is the job alone inside it; peakRssKb the child's VmHWM.
 */
record RunResult(Tool tool, int run, Status status, long wallMillis, long jobMillis, long peakRssKb, String detail) {
    enum Status { OK, FAILED, TIMED_OUT }

    boolean ok() {
        return status == Status.OK;
    }
}

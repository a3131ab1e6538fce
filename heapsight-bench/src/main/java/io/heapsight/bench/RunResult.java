package io.heapsight.bench;

/**
 * One run of one tool. wallMillis is the child JVM's whole life (start to exit, what a user waits for);
 * jobMillis is the job alone inside it; peakRssKb the child's VmHWM (anonymous + file-backed pages, so a mapped
 * dump counts); peakAnonKb the largest RssAnon seen by polling every 100 ms (heap and native memory only); cpuMillis its user + system CPU time (less
 * sensitive than wall time to other work on a shared machine); loadBefore the 1-minute load average at its start.
 */
record RunResult(Tool tool, int run, Status status, long wallMillis, long jobMillis, long peakRssKb,
                 long peakAnonKb, long cpuMillis, double loadBefore, String detail) {
    enum Status { OK, FAILED, TIMED_OUT }

    boolean ok() {
        return status == Status.OK;
    }
}

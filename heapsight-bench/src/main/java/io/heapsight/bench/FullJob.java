package io.heapsight.bench;

import java.nio.file.Path;

/**
 * One analyzer's "full job" on a dump, run inside that tool's own child JVM: whatever it takes to produce a class
 * histogram and the top retained objects (dominator tree), from a cold start of the library.
 */
interface FullJob {
    /**
     * @param workDir an empty scratch directory for index or output files, deleted afterwards
     * @return a one-line summary proving the work was done (e.g. objects seen, biggest retained size)
     */
    String run(Path dump, int top, Path workDir) throws Exception;
}

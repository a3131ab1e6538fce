package io.heapsight.heap;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * One engine phase as a JFR event (its start and duration), committed by {@link PhaseTimer} so a flight recording
 * of an analysis can be cut into phases (scripts/bench --profile does). Costs nothing when no recording runs.
 */
@Name("io.heapsight.Phase")
@Label("heapsight phase")
@Category("heapsight")
@Description("A phase of heap dump analysis (pass 1, id index, dominators, ...)")
@StackTrace(false)
final class PhaseEvent extends jdk.jfr.Event {
    @Label("Phase")
    String phase;
}

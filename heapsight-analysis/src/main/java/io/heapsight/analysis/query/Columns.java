package io.heapsight.analysis.query;

import io.heapsight.analysis.result.Column;

/** Columns the explorer queries share, so the same fact has the same key in every table and API answer. */
final class Columns {
    private Columns() {}

    static final Column OBJECT_ID = Column.object("objectId", "object");
    static final Column CLASS_ID = Column.classRef("classId", "class id");
    static final Column CLASS_NAME = Column.text("className", "class");
    static final Column FIELD = Column.text("field", "reference");
    static final Column COUNT = Column.count("count", "objects");
    static final Column SHALLOW = Column.bytes("shallowBytes", "shallow");
    static final Column RETAINED = Column.bytes("retainedBytes", "retained");
    static final Column FRACTION = Column.fraction("heapFraction", "% of reachable");

    /** The columns of a reference list (referrers, references): the other object and the field between them. */
    static final java.util.List<Column> REFERENCE = java.util.List.of(OBJECT_ID, CLASS_NAME, FIELD, SHALLOW, RETAINED);

    /** A row of a reference list: the other object, the reference's name from {@code from} to {@code to}. */
    static java.util.List<Object> referenceRow(AnalysisContext ctx, int other, int from, int to) {
        var heap = ctx.heap();
        return java.util.Arrays.asList(ctx.ref(other), heap.classOfObject(other).name(), heap.reader().referenceName(from, to),
                heap.shallowSize(other), ctx.dominators().retainedSize(other));
    }
}

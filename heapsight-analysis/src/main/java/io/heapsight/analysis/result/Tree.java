package io.heapsight.analysis.result;

import java.util.List;

/**
 * A tree of rows (the dominator tree, merged paths from GC roots). Nodes may be expanded lazily: a node with
 * {@code childCount > children.size()} has more children than were computed; the explorer asks for them by the node's
 * object. Cell values follow the column kinds, as in {@link Table}.
 */
public record Tree(String title, List<Column> columns, List<Node> roots, long totalRoots) implements Result {
    public record Node(List<Object> cells, List<Node> children, long childCount) {
        public Node {
            cells = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(cells));
            children = List.copyOf(children);
        }

        public static Node leaf(List<Object> cells) {
            return new Node(cells, List.of(), 0);
        }
    }

    public Tree {
        columns = List.copyOf(columns);
        roots = List.copyOf(roots);
    }
}

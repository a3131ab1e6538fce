package io.heapsight.analysis.result;

import java.util.List;

/**
 * Rows of cells under columns. A table may be one page of a longer list: {@code total} rows exist, these are the rows
 * from {@code offset} on (presenters say "rows 1–100 of 8,213"; the explorer pages with offset/limit).
 * Cell values follow the column kind (see {@link Column.Kind}); a null cell means "not applicable".
 */
public record Table(String title, List<Column> columns, List<List<Object>> rows, long total, long offset) implements Result {
    public Table {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException(title + ": row has " + row.size() + " cells for " + columns.size() + " columns");
            }
        }
    }

    /** A complete table (not a page). */
    public static Table of(String title, List<Column> columns, List<List<Object>> rows) {
        return new Table(title, columns, rows, rows.size(), 0);
    }

    public int columnIndex(String key) {
        for (int i = 0; i < columns.size(); i++) if (columns.get(i).key().equals(key)) return i;
        return -1;
    }

    public Object cell(int row, String key) {
        int c = columnIndex(key);
        if (c < 0) throw new IllegalArgumentException("no column " + key + " in " + title);
        return rows.get(row).get(c);
    }
}

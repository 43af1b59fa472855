package io.obproxy.sql;

import java.util.List;

/**
 * The values a statement gives one column: one for {@code col = v}, several for
 * {@code col IN (...)} or a multi-row INSERT.
 *
 * @param qualifier the table name or alias the column was qualified with ({@code o.id}), lower-cased;
 *                  null when it was not
 * @param column    the column, lower-cased
 */
public record ColumnValues(String qualifier, String column, List<KeyValue> values) {
    /** An unqualified column. */
    public ColumnValues(String column, List<KeyValue> values) {
        this(null, column, values);
    }

    /** @return true when the column may belong to {@code table}: unqualified, or qualified by its alias or name */
    public boolean mayBelongTo(TableName table) {
        return qualifier == null || qualifier.equals(table.alias() != null ? table.alias() : table.table());
    }
}

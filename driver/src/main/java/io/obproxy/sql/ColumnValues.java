package io.obproxy.sql;

import java.util.List;

/**
 * The values a statement gives one column: one for {@code col = v}, several for
 * {@code col IN (...)} or a multi-row INSERT.
 *
 * @param column the column, lower-cased, without its table qualifier
 */
public record ColumnValues(String column, List<KeyValue> values) {
}

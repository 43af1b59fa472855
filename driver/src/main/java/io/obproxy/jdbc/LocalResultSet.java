package io.obproxy.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Set;
import javax.sql.RowSetMetaData;
import javax.sql.rowset.CachedRowSet;
import javax.sql.rowset.RowSetFactory;
import javax.sql.rowset.RowSetMetaDataImpl;
import javax.sql.rowset.RowSetProvider;

/**
 * Rows the driver makes itself ({@code SHOW PROCESSLIST}, {@code SHOW PROXYSESSION},
 * {@code SHOW PROXYROUTE}, {@code EXPLAIN ROUTE}), held in memory: no server is asked. The rows
 * live in the JDK's {@link CachedRowSet}, read-only ({@link ReadOnlyResultSet}), scrollable; its metadata is plain
 * java.sql: BIGINT for the numeric columns, VARCHAR for the others. {@link #getBytes} gives a value
 * as a server's text-protocol row carries it (UTF-8 text), which is how the front end writes rows.
 */
final class LocalResultSet extends ReadOnlyResultSet {
    private static final RowSetFactory ROW_SETS = rowSetFactory();
    /** Display width of a numeric column: a BIGINT's. */
    private static final int NUMBER_WIDTH = 20;

    private LocalResultSet(ResultSet rows) {
        super(rows);
    }

    /**
     * @param columns column names, in order
     * @param numeric the names of the columns whose values are numbers (or null)
     * @param rows    each row's values as text, null for NULL
     */
    static ResultSet of(List<String> columns, Set<String> numeric, List<List<String>> rows) throws SQLException {
        CachedRowSet set = ROW_SETS.createCachedRowSet();
        set.setMetaData(metaData(columns, numeric, rows));
        for (List<String> row : rows) {
            set.afterLast(); // the insert row goes in after the current one: at the end
            set.moveToInsertRow();
            for (int c = 0; c < columns.size(); c++) {
                String value = row.get(c);
                if (value == null) {
                    set.updateNull(c + 1);
                } else if (numeric.contains(columns.get(c))) {
                    set.updateLong(c + 1, Long.parseLong(value));
                } else {
                    set.updateString(c + 1, value);
                }
            }
            set.insertRow();
            set.moveToCurrentRow();
        }
        set.beforeFirst();
        return new LocalResultSet(set);
    }

    private static RowSetMetaData metaData(List<String> columns, Set<String> numeric, List<List<String>> rows)
            throws SQLException {
        RowSetMetaDataImpl md = new RowSetMetaDataImpl();
        md.setColumnCount(columns.size());
        for (int c = 1; c <= columns.size(); c++) {
            String name = columns.get(c - 1);
            boolean number = numeric.contains(name);
            md.setColumnName(c, name);
            md.setColumnLabel(c, name);
            md.setNullable(c, ResultSetMetaData.columnNullable);
            md.setColumnType(c, number ? Types.BIGINT : Types.VARCHAR);
            md.setColumnTypeName(c, number ? "BIGINT" : "VARCHAR");
            md.setSigned(c, number);
            int width = number ? NUMBER_WIDTH : widest(rows, c - 1);
            md.setPrecision(c, width);
            md.setColumnDisplaySize(c, width);
        }
        return md;
    }

    /** @return the length of the longest value of a column, at least 1 */
    private static int widest(List<List<String>> rows, int column) {
        int widest = 1;
        for (List<String> row : rows) {
            String value = row.get(column);
            widest = value == null ? widest : Math.max(widest, value.length());
        }
        return widest;
    }

    private static RowSetFactory rowSetFactory() {
        try {
            return RowSetProvider.newFactory();
        } catch (SQLException e) {
            throw new IllegalStateException("the JDK's row sets (module java.sql.rowset) are not available", e);
        }
    }

    /** @return the value's text in UTF-8, as a server sends a text-protocol value; null for NULL */
    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        String value = delegate.getString(columnIndex);
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] getBytes(String columnLabel) throws SQLException {
        return getBytes(findColumn(columnLabel));
    }
}

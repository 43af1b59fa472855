package io.obproxy.sandbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A partition-key column with the codes OceanBase's metadata gives it ({@code part_key_type} is an
 * {@code ObObjType}, {@code part_key_collation_type} a collation id, {@code part_key_idx} the
 * column's position among the table's columns, {@code part_key_rowkey_idx} its place in the primary
 * key or -1), read from the real MariaDB table.
 *
 * <p>{@code part_key_length} is the column's length in characters for string types and 0 for the
 * others: OceanBase prints {@code ObAccuracy::get_length()}, and the numeric types' accuracy is
 * built from precision and scale with length 0 (src/observer/virtual_table/
 * ob_all_virtual_proxy_partition_info.cpp, case PART_KEY_LENGTH; deps/oblib/src/common/ob_accuracy.h).
 */
record KeyColumn(String name, int obType, int collationId, long length, long precision, long scale, int position,
                 int rowkeyIndex) {
    /** {@code CS_TYPE_BINARY}: the collation OceanBase gives every non-string column. */
    static final int BINARY_COLLATION = 63;

    /** @return true for the signed and unsigned integer types, the keys the 4038 triggers handle */
    boolean isInteger() {
        return obType >= 1 && obType <= 10;
    }

    /**
     * Reads the named columns of a table, in the given order.
     *
     * @param types the tenant's column types (current or older)
     */
    static List<KeyColumn> resolve(Connection admin, String database, String table, List<String> names,
                                   ColumnTypes types) throws SQLException {
        List<KeyColumn> columns = new ArrayList<>(names.size());
        String sql = "SELECT c.DATA_TYPE, c.COLUMN_TYPE, c.CHARACTER_MAXIMUM_LENGTH, c.NUMERIC_PRECISION,"
                + " c.NUMERIC_SCALE, l.ID, c.ORDINAL_POSITION - 1,"
                + " (SELECT k.ORDINAL_POSITION - 1 FROM information_schema.KEY_COLUMN_USAGE k"
                + "  WHERE k.TABLE_SCHEMA = c.TABLE_SCHEMA AND k.TABLE_NAME = c.TABLE_NAME"
                + "  AND k.COLUMN_NAME = c.COLUMN_NAME AND k.CONSTRAINT_NAME = 'PRIMARY')"
                + " FROM information_schema.COLUMNS c"
                + " LEFT JOIN information_schema.COLLATIONS l ON l.COLLATION_NAME = c.COLLATION_NAME"
                + " WHERE c.TABLE_SCHEMA = ? AND c.TABLE_NAME = ? AND c.COLUMN_NAME = ?";
        try (PreparedStatement ps = admin.prepareStatement(sql)) {
            for (String name : names) {
                ps.setString(1, database);
                ps.setString(2, table);
                ps.setString(3, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalArgumentException(database + "." + table + ": no column '" + name
                                + "' to partition by");
                    }
                    String dataType = rs.getString(1).toLowerCase(Locale.ROOT);
                    boolean unsigned = rs.getString(2).toLowerCase(Locale.ROOT).contains("unsigned");
                    int collation = rs.getObject(6) == null ? BINARY_COLLATION : rs.getInt(6);
                    columns.add(new KeyColumn(name, types.obType(dataType, unsigned), collation,
                            rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getInt(7),
                            rs.getObject(8) == null ? -1 : rs.getInt(8)));
                }
            }
        }
        return columns;
    }
}

package io.obproxy.sandbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A partition-key column with the type and collation codes OceanBase's metadata gives it
 * ({@code part_key_type} is an {@code ObObjType}, {@code part_key_collation_type} a collation id),
 * read from the real MariaDB table.
 */
record KeyColumn(String name, int obType, int collationId, long length, long precision, long scale) {
    /** {@code CS_TYPE_BINARY}: the collation OceanBase gives every non-string column. */
    static final int BINARY_COLLATION = 63;

    /** @return true for the signed and unsigned integer types, the keys the 4038 triggers handle */
    boolean isInteger() {
        return obType >= 1 && obType <= 10;
    }

    /** Reads the named columns of a table, in the given order. */
    static List<KeyColumn> resolve(Connection admin, String database, String table, List<String> names)
            throws SQLException {
        List<KeyColumn> columns = new ArrayList<>(names.size());
        String sql = "SELECT c.DATA_TYPE, c.COLUMN_TYPE, c.CHARACTER_MAXIMUM_LENGTH, c.NUMERIC_PRECISION,"
                + " c.NUMERIC_SCALE, l.ID FROM information_schema.COLUMNS c"
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
                    columns.add(new KeyColumn(name, obType(dataType, unsigned, collation), collation,
                            rs.getLong(3), rs.getLong(4), rs.getLong(5)));
                }
            }
        }
        return columns;
    }

    /** Maps a MariaDB data type to OceanBase's {@code ObObjType} number. */
    static int obType(String dataType, boolean unsigned, int collation) {
        switch (dataType) {
            case "tinyint": return unsigned ? 6 : 1;
            case "smallint": return unsigned ? 7 : 2;
            case "mediumint": return unsigned ? 8 : 3;
            case "int": return unsigned ? 9 : 4;
            case "bigint": return unsigned ? 10 : 5;
            case "float": return unsigned ? 13 : 11;
            case "double": return unsigned ? 14 : 12;
            case "decimal": return unsigned ? 16 : 15;
            case "datetime": return 17;
            case "timestamp": return 18;
            case "date": return 19;
            case "time": return 20;
            case "year": return 21;
            case "varchar": case "varbinary": return 22;
            case "char": case "binary": return 23;
            case "tinytext": case "tinyblob": return 27;
            case "text": case "blob": return 28;
            case "mediumtext": case "mediumblob": return 29;
            case "longtext": case "longblob": return 30;
            case "bit": return 31;
            case "enum": return 32;
            case "set": return 33;
            default:
                throw new IllegalArgumentException("no OceanBase partition key type for '" + dataType + "'");
        }
    }
}

package io.obproxy.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.session.ConnectorJ;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LocalResultSetTest {
    private static ResultSet rows() throws SQLException {
        return LocalResultSet.of(List.of("Id", "Info"), Set.of("Id"), List.of(
                List.of("7", "SELECT 'ü'"), Arrays.asList("8", null), List.of("9", "")));
    }

    @Test
    void rowsInOrderWithTheirValues() throws SQLException {
        ResultSet rs = rows();
        assertTrue(rs.next());
        assertEquals(7, rs.getLong("Id"));
        assertEquals("7", rs.getString(1));
        assertEquals(7L, rs.getObject(1));
        assertEquals("SELECT 'ü'", rs.getString("info"));
        assertArrayEquals("SELECT 'ü'".getBytes(StandardCharsets.UTF_8), rs.getBytes(2), "text as a server sends it");
        assertTrue(rs.next());
        assertEquals(8, rs.getInt(1));
        assertNull(rs.getString(2));
        assertTrue(rs.wasNull());
        assertNull(rs.getBytes("Info"));
        assertTrue(rs.next());
        assertEquals("", rs.getString(2));
        assertFalse(rs.next());
        rs.close();
    }

    @Test
    void metadataOfPlainSqlTypes() throws SQLException {
        ResultSetMetaData md = rows().getMetaData();
        assertEquals(2, md.getColumnCount());
        assertEquals("Id", md.getColumnLabel(1));
        assertEquals(Types.BIGINT, md.getColumnType(1));
        assertEquals(Types.VARCHAR, md.getColumnType(2));
        assertEquals("SELECT 'ü'".length(), md.getPrecision(2), "the longest value");
        assertEquals(ResultSetMetaData.columnNullable, md.isNullable(2));
    }

    @Test
    void theFrontEndDefinesItsColumnsAsAServerWould() throws SQLException {
        ConnectorJ.Column[] columns = ConnectorJ.columns(rows().getMetaData());
        assertEquals(new ConnectorJ.Column("", "", "", "Id", "Id", 63, 20, 8, 128, 0), columns[0], "BIGINT, binary");
        assertEquals(new ConnectorJ.Column("", "", "", "Info", "Info", 45, 4L * "SELECT 'ü'".length(), 253, 0, 0),
                columns[1], "VARCHAR utf8mb4");
    }

    @Test
    void readOnlyAndEmptyWhenNoRows() throws SQLException {
        ResultSet rs = rows();
        rs.next();
        assertEquals(ResultSet.CONCUR_READ_ONLY, rs.getConcurrency());
        assertThrows(SQLFeatureNotSupportedException.class, () -> rs.updateString(2, "x"));
        assertThrows(SQLFeatureNotSupportedException.class, rs::moveToInsertRow);
        ResultSet empty = LocalResultSet.of(List.of("Id"), Set.of("Id"), List.of());
        assertFalse(empty.next());
        assertEquals(Types.BIGINT, empty.getMetaData().getColumnType(1));
    }
}

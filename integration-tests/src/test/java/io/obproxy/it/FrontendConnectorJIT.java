package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mysql.cj.jdbc.JdbcConnection;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Connector/J through the front end, as a Java application that cannot load our driver would use
 * it: server-side prepared statements (binary protocol, long data, multi-results of a procedure),
 * cursor fetch, rewritten batches, column metadata equal to the server's own, values over 16 MB,
 * change user, reset connection, pass-through logins with RSA and TLS.
 */
@ExtendWith(FrontendExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FrontendConnectorJIT {
    /** Columns of most MySQL types, for tests that compare what the front end and a node answer. */
    static final String TYPES = "id INT UNSIGNED NOT NULL PRIMARY KEY, tiny TINYINT, small SMALLINT UNSIGNED,"
            + " big BIGINT, ubig BIGINT UNSIGNED, dec_col DECIMAL(20,6), flt FLOAT, dbl DOUBLE, name VARCHAR(40) CHARACTER"
            + " SET utf8mb4, fixed CHAR(3), bin VARBINARY(64), blob_col BLOB, txt TEXT, d DATE, t TIME(3), dt DATETIME(6),"
            + " ts TIMESTAMP(2) NULL, y YEAR, bits BIT(5), e ENUM('a','b'), js JSON, b1 TINYINT(1), m MEDIUMINT,"
            + " mu MEDIUMINT UNSIGNED, i INT, f2 FLOAT(7,2), du DECIMAL(9,0) UNSIGNED";
    private final FrontendEndpoint fe;
    private String table;

    FrontendConnectorJIT(FrontendEndpoint fe) {
        this.fe = fe;
    }

    @BeforeAll
    void createTable() throws SQLException {
        table = Sql.createTable(fe.cluster(), "cj", TYPES);
        insertTypeRows(fe, table);
    }

    /** Two rows into a {@link #TYPES} table: every column set, and every column NULL but the key. */
    static void insertTypeRows(FrontendEndpoint fe, String table) throws SQLException {
        try (Connection c = fe.cluster().connect(fe.cluster().node(1))) {
            Sql.exec(c, "INSERT INTO " + table + " VALUES (1, -128, 65535, -9223372036854775808, 18446744073709551615,"
                    + " -12345678901234.123456, 1.5, 2.25e-300, 'ünï 😀', 'abc', X'00FF7F', X'DEADBEEF', 'text',"
                    + " '2024-02-29', '-838:59:58.5', '2025-11-25 13:05:09.123456', '2025-11-25 13:05:09.12', 2025, b'10101',"
                    + " 'b', '{\"k\": [1, 2]}', 1, -8388608, 16777215, -2147483648, 12345.67, 999999999)");
            Sql.exec(c, "INSERT INTO " + table + " (id) VALUES (2)");
        }
        fe.cluster().awaitReplication(Duration.ofSeconds(10));
    }

    private static List<List<Object>> read(Connection c, String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    byte[] raw = rs.getBytes(i); // as the protocol carried it (getObject refuses TIME past 24 h)
                    row.add(raw == null ? null : HexFormat.of().formatHex(raw));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static List<String> metadata(Connection c, String sql) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(String.join("|", md.getColumnLabel(i), md.getColumnName(i), md.getTableName(i),
                        md.getCatalogName(i), md.getColumnTypeName(i), Integer.toString(md.getColumnType(i)),
                        Integer.toString(md.getPrecision(i)), Integer.toString(md.getScale(i)),
                        Boolean.toString(md.isSigned(i)), Integer.toString(md.isNullable(i)),
                        Boolean.toString(md.isAutoIncrement(i)), md.getColumnClassName(i),
                        Integer.toString(md.getColumnDisplaySize(i))));
            }
        }
        return columns;
    }

    /** Values and column metadata through the front end are the node's own, in the text and the binary protocol. */
    @Test
    void valuesAndMetadataMatchTheServersInBothProtocols() throws SQLException {
        String sql = "SELECT *, id + 1 AS expr, NULL AS nothing FROM " + table + " ORDER BY id";
        for (String protocol : List.of("useServerPrepStmts=false", "useServerPrepStmts=true")) {
            String direct = fe.cluster().mysqlUrl(fe.cluster().node(2)) + (fe.cluster().mysqlUrl(fe.cluster().node(2))
                    .contains("?") ? "&" : "?") + protocol;
            try (Connection node = DriverManager.getConnection(direct, fe.user(), fe.password());
                 Connection via = fe.connect(protocol)) {
                assertEquals(metadata(node, sql), metadata(via, sql), protocol);
                assertEquals(read(node, sql), read(via, sql), protocol);
            }
        }
    }

    /**
     * A client that sends JDBC escapes unprocessed (its own escape processing off) has them reach the
     * server as sent, in both protocols: the column is named as the server names it.
     */
    @Test
    void escapeSyntaxReachesTheServerAsSentInBothProtocols() throws SQLException {
        String sql = "SELECT {fn length('hello')}, {d '2020-01-01'}";
        for (String protocol : List.of("useServerPrepStmts=false", "useServerPrepStmts=true")) {
            String options = protocol + "&enableEscapeProcessing=false&processEscapeCodesForPrepStmts=false";
            String nodeUrl = fe.cluster().mysqlUrl(fe.cluster().node(2));
            try (Connection node = DriverManager.getConnection(nodeUrl + (nodeUrl.contains("?") ? "&" : "?") + options,
                    fe.user(), fe.password());
                 Connection viaFrontend = fe.connect(options)) {
                assertEquals(labelsAndValues(node, sql), labelsAndValues(viaFrontend, sql), protocol);
                assertEquals("{fn length('hello')}", labelsAndValues(viaFrontend, sql).get(0), protocol);
            }
        }
    }

    private static List<String> labelsAndValues(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            List<String> out = new ArrayList<>();
            rs.next();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                out.add(rs.getMetaData().getColumnLabel(i));
                out.add(rs.getString(i));
            }
            return out;
        }
    }

    @Test
    void serverPreparedStatementsBindEveryTypeAndRouteEachExecution() throws Exception {
        String t = Sql.createTable(fe.cluster(), "cjps", TYPES);
        try (Connection c = fe.connect("useServerPrepStmts=true&cachePrepStmts=true")) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + " (id, tiny, ubig, dec_col, dbl, name, bin, d, t,"
                    + " dt, ts, bits) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int id = 1; id <= 3; id++) {
                    ps.setLong(1, id);
                    ps.setByte(2, (byte) -id);
                    ps.setBigDecimal(3, new BigDecimal("18446744073709551615")); // Connector/J sends a BigInteger signed
                    ps.setBigDecimal(4, new BigDecimal("-0.000001").multiply(BigDecimal.valueOf(id)));
                    ps.setDouble(5, Math.PI * id);
                    ps.setString(6, "名前 " + id);
                    ps.setBytes(7, new byte[] {0, (byte) 0xFF, (byte) id});
                    ps.setDate(8, Date.valueOf("2024-02-29"));
                    ps.setTime(9, Time.valueOf("23:59:58"));
                    ps.setTimestamp(10, Timestamp.valueOf("2025-11-25 13:05:09.123456"));
                    if (id == 2) {
                        ps.setNull(11, java.sql.Types.TIMESTAMP);
                    } else {
                        ps.setTimestamp(11, Timestamp.valueOf("2025-11-25 13:05:09.12"));
                    }
                    ps.setInt(12, 5);
                    assertEquals(1, ps.executeUpdate());
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT tiny, ubig, dec_col, dbl, name, HEX(bin), d, t, dt, ts,"
                    + " bits + 0 FROM " + t + " WHERE id = ?")) {
                ps.setInt(1, 2);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(-2, rs.getByte(1));
                    assertEquals("18446744073709551615", rs.getString(2));
                    assertEquals(new BigDecimal("-0.000002"), rs.getBigDecimal(3));
                    assertEquals(Math.PI * 2, rs.getDouble(4));
                    assertEquals("名前 2", rs.getString(5));
                    assertEquals("00FF02", rs.getString(6));
                    assertEquals(Date.valueOf("2024-02-29"), rs.getDate(7));
                    assertEquals(Time.valueOf("23:59:58"), rs.getTime(8));
                    assertEquals(Timestamp.valueOf("2025-11-25 13:05:09.123456"), rs.getTimestamp(9));
                    assertNull(rs.getTimestamp(10));
                    assertEquals(5, rs.getInt(11));
                }
            }
        }
    }

    @Test
    void aBinaryTimeParameterIsStoredInADatetimeColumnAsTheServerConvertsIt() throws Exception {
        // The server takes a binary TIME for a DATETIME as today at that time; the same text would be
        // an incorrect datetime (MariaDB Connector/J's PreparedStatementParametersTest.checkParameters).
        // Whole seconds: with a fraction the front end sends text (frontend.md, Differences)
        String t = Sql.createTable(fe.cluster(), "cjtime", "id INT PRIMARY KEY, dt DATETIME(6)");
        String nodeUrl = fe.cluster().mysqlUrl(fe.cluster().node(1));
        try (Connection node = DriverManager.getConnection(nodeUrl + (nodeUrl.contains("?") ? "&" : "?")
                + "useServerPrepStmts=true", fe.user(), fe.password());
             Connection viaFrontend = fe.connect("useServerPrepStmts=true")) {
            List<List<String>> direct = insertTimeAndReadBack(node, t, 1);
            assertEquals("1", direct.get(0).get(1), "stored as today's");
            assertEquals(direct, insertTimeAndReadBack(viaFrontend, t, 2));
        }
    }

    private static List<List<String>> insertTimeAndReadBack(Connection c, String table, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
            ps.setInt(1, id);
            ps.setTime(2, Time.valueOf("18:16:01"));
            assertEquals(1, ps.executeUpdate());
        }
        return Sql.rows(c, "SELECT TIME(dt), DATE(dt) = CURDATE() FROM " + table + " WHERE id = " + id);
    }

    @Test
    void longDataAndValuesOverSixteenMegabytesRoundTrip() throws Exception {
        byte[] big = new byte[20 << 20]; // more than one 16 MB packet, both ways
        new Random(42).nextBytes(big);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(big));
        for (String mode : List.of("useServerPrepStmts=true", "useServerPrepStmts=false")) {
            try (Connection c = fe.connect(mode + "&maxAllowedPacket=67108864")) {
                try (PreparedStatement ps = c.prepareStatement("SELECT ?")) {
                    ps.setBytes(1, big);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next());
                        assertArrayEquals(big, rs.getBytes(1), mode);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT MD5(?)")) {
                    ps.setBinaryStream(1, new ByteArrayInputStream(big)); // long data with server prepares
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals(md5, rs.getString(1), mode);
                    }
                }
            }
        }
    }

    @Test
    void cursorFetchReadsEveryRow() throws SQLException {
        try (Connection c = fe.connect("useServerPrepStmts=true&useCursorFetch=true&defaultFetchSize=100");
             PreparedStatement ps = c.prepareStatement("SELECT seq, CONCAT('row ', seq) FROM seq_1_to_20000 WHERE seq > ?")) {
            ps.setFetchSize(100);
            ps.setInt(1, 10);
            long count = 0;
            long sum = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    count++;
                    sum += rs.getLong(1);
                    assertEquals("row " + rs.getLong(1), rs.getString(2));
                }
            }
            assertEquals(19_990, count);
            assertEquals(20_000L * 20_001 / 2 - 55, sum);
        }
    }

    @Test
    void rewrittenBatchesInsertEveryRowWithTheirKeys() throws SQLException {
        String t = Sql.createTable(fe.cluster(), "cjbatch", "id BIGINT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(40)");
        for (String mode : List.of("useServerPrepStmts=false", "useServerPrepStmts=true")) {
            try (Connection c = fe.connect("rewriteBatchedStatements=true&" + mode)) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + " (v) VALUES (?)",
                        Statement.RETURN_GENERATED_KEYS)) {
                    for (int i = 0; i < 1000; i++) {
                        ps.setString(1, mode + " " + i);
                        ps.addBatch();
                    }
                    int[] counts = ps.executeBatch();
                    assertEquals(1000, counts.length);
                    List<Long> keys = new ArrayList<>();
                    try (ResultSet rs = ps.getGeneratedKeys()) {
                        while (rs.next()) {
                            keys.add(rs.getLong(1));
                        }
                    }
                    assertEquals(1000, keys.size(), mode);
                    assertEquals(999, keys.get(999) - keys.get(0), "consecutive keys: " + mode);
                }
                c.commit();
                assertEquals("1000", Sql.scalar(c, "SELECT COUNT(*) FROM " + t + " WHERE v LIKE '" + mode + " %'"));
            }
        }
    }

    @Test
    void aProcedureReturnsSeveralResultsToAPreparedCall() throws SQLException {
        String proc = Sql.uniqueName("cjproc");
        try (Connection c = fe.cluster().connect(fe.cluster().node(1))) {
            Sql.exec(c, "CREATE PROCEDURE " + proc + "(IN n INT) BEGIN SELECT n AS first; SELECT n * 2 AS second, 'x'; END");
        }
        fe.cluster().awaitReplication(Duration.ofSeconds(10));
        for (String mode : List.of("useServerPrepStmts=true", "useServerPrepStmts=false")) {
            try (Connection c = fe.connect(mode); CallableStatement call = c.prepareCall("{CALL " + proc + "(?)}")) {
                call.setInt(1, 21);
                assertTrue(call.execute());
                try (ResultSet rs = call.getResultSet()) {
                    assertTrue(rs.next());
                    assertEquals(21, rs.getInt("first"));
                }
                assertTrue(call.getMoreResults(), mode);
                try (ResultSet rs = call.getResultSet()) {
                    assertTrue(rs.next());
                    assertEquals(42, rs.getInt("second"));
                }
                assertFalse(call.getMoreResults());
            }
        }
    }

    /**
     * A latin1 client's text is decoded from latin1, and SET NAMES sets the results' character set,
     * as a server would do (Connector/J itself asks for results unconverted: character_set_results NULL).
     */
    @Test
    void aLatin1ClientWritesAndReadsInLatin1() throws SQLException {
        String t = Sql.createTable(fe.cluster(), "cjlatin1", "id INT PRIMARY KEY, v VARCHAR(20) CHARACTER SET utf8mb4");
        try (Connection c = fe.connect("characterEncoding=ISO-8859-1&useServerPrepStmts=false")) {
            Sql.exec(c, "INSERT INTO " + t + " VALUES (1, 'café à la carte')");
            assertEquals("café à la carte", Sql.scalar(c, "SELECT v FROM " + t));
        }
        fe.cluster().awaitReplication(Duration.ofSeconds(10)); // node 1 may not lead the table
        try (Connection direct = fe.cluster().connect(fe.cluster().node(1))) {
            assertEquals("636166C3A920C3A0206C61206361727465", Sql.scalar(direct, "SELECT HEX(v) FROM " + t),
                    "stored as utf8mb4: the front end decoded latin1");
        }
        try (Connection c = fe.connect("useServerPrepStmts=false")) {
            Sql.exec(c, "SET NAMES latin1");
            assertEquals("latin1", Sql.scalar(c, "SELECT @@character_set_results"));
            SQLException unknown = assertThrows(SQLException.class, () -> Sql.exec(c, "SET NAMES klingon"));
            assertEquals(1115, unknown.getErrorCode());
            assertEquals("Unknown character set: 'klingon'", unknown.getMessage());
        }
    }

    @Test
    void errorsKeepTheServersCodeAndState() throws SQLException {
        try (Connection c = fe.connect("useServerPrepStmts=true")) {
            SQLException dup = assertThrows(SQLException.class, () -> Sql.exec(c, "INSERT INTO " + table + " (id) VALUES (1)"));
            assertEquals(1062, dup.getErrorCode());
            assertEquals("23000", dup.getSQLState());
            // Connector/J prepares on the client when a server prepare fails: the execute reports it
            SQLException missing = assertThrows(SQLException.class,
                    () -> c.prepareStatement("SELECT nope FROM " + table).executeQuery());
            assertEquals(1054, missing.getErrorCode());
            assertEquals("42S22", missing.getSQLState());
            SQLException range = assertThrows(SQLException.class,
                    () -> Sql.exec(c, "INSERT INTO " + table + " (id, tiny) VALUES (9, 1000)"));
            assertEquals(1264, range.getErrorCode());
            assertEquals("Data truncation: Out of range value for column 'tiny' at row 1", range.getMessage(),
                    "the server's text, once");
            assertEquals("1", Sql.scalar(c, "SELECT 1"), "the connection goes on after errors");
        }
    }

    /** caching_sha2_password pass-through: RSA or TLS the first time, then the fast path. */
    @Test
    void passThroughLoginsWithRsaTlsAndTheFastPath() throws SQLException {
        String user = FrontendEndpoint.APP_USER;
        String password = FrontendEndpoint.APP_PASSWORD;
        try (Connection c = DriverManager.getConnection(fe.mysqlUrl("allowPublicKeyRetrieval=true"), user, password)) {
            assertEquals(user + "@%", Sql.scalar(c, "SELECT CURRENT_USER()"));
        }
        String tls = "jdbc:mysql://127.0.0.1:" + fe.port() + "/test?sslMode=REQUIRED"; // fails without TLS
        try (Connection c = DriverManager.getConnection(tls, user, password)) {
            assertEquals(user + "@%", Sql.scalar(c, "SELECT CURRENT_USER()"));
        }
        // verified once: the fast path needs neither RSA nor TLS
        try (Connection c = DriverManager.getConnection(fe.mysqlUrl("allowPublicKeyRetrieval=false"), user, password)) {
            assertEquals(user + "@%", Sql.scalar(c, "SELECT CURRENT_USER()"));
        }
        SQLException wrong = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(fe.mysqlUrl("allowPublicKeyRetrieval=true"), user, "wrong"));
        assertEquals(1045, wrong.getErrorCode());
        assertEquals("28000", wrong.getSQLState());
    }

    @Test
    void changeUserAndResetConnectionKeepTheConnectionId() throws Exception {
        try (Connection c = fe.connect("useServerPrepStmts=true&allowPublicKeyRetrieval=true")) {
            String id = Sql.scalar(c, "SELECT CONNECTION_ID()");
            Sql.exec(c, "SET @kept = 'yes'");
            c.setAutoCommit(false);
            ((JdbcConnection) c).resetServerState(); // COM_RESET_CONNECTION
            c.setAutoCommit(true);
            assertNull(Sql.scalar(c, "SELECT @kept"), "a reset session has no user variables");
            assertEquals(id, Sql.scalar(c, "SELECT CONNECTION_ID()"));

            ((JdbcConnection) c).changeUser(FrontendEndpoint.APP_USER, FrontendEndpoint.APP_PASSWORD); // COM_CHANGE_USER
            assertEquals(FrontendEndpoint.APP_USER + "@%", Sql.scalar(c, "SELECT CURRENT_USER()"));
            assertEquals(id, Sql.scalar(c, "SELECT CONNECTION_ID()"));
            ((JdbcConnection) c).changeUser(fe.user(), fe.password());
            assertEquals(fe.user() + "@%", Sql.scalar(c, "SELECT CURRENT_USER()"));
        }
    }
}

package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.TableLayout;
import io.obproxy.sandbox.WireClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Session state tracking (CLIENT_SESSION_TRACK) through the front end: what a client is told its
 * statements changed, as a server would tell it. MariaDB Connector/J relies on it (the
 * auto-increment step of a multi-row insert's keys, the isolation level, the current database, a
 * character set it cannot read); raw packets show what is sent, and what is not (a replay on another
 * server, another client's settings).
 */
@ExtendWith(FrontendExtension.class)
class FrontendSessionTrackIT {
    private static final int SESSION_TRACK = 1 << 23;
    private static final int MULTI_STATEMENTS = 1 << 16;
    private static final int SESSION_STATE_CHANGED = 0x4000;
    private static final int MORE_RESULTS = 0x0008;
    private final SandboxCluster cluster;
    private final FrontendEndpoint fe;

    FrontendSessionTrackIT(SandboxCluster cluster, FrontendEndpoint fe) {
        this.cluster = cluster;
        this.fe = fe;
    }

    private Connection mariadb(String options) throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + fe.port() + "/test?sslMode=disable" + options,
                fe.user(), fe.password());
    }

    /** Was: the keys of a two-row insert after {@code SET auto_increment_increment = 3} were 1 apart. */
    @Test
    void connectorJComputesMultiRowKeysWithTheSessionsIncrement() throws SQLException {
        String t = Sql.createTable(cluster, "trkai", "id INT AUTO_INCREMENT PRIMARY KEY, v INT");
        List<Long> keys = new ArrayList<>();
        try (Connection c = mariadb("&returnMultiValuesGeneratedIds")) {
            Sql.exec(c, "SET auto_increment_increment = 3");
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO " + t + " (v) VALUES (1), (2)", Statement.RETURN_GENERATED_KEYS);
                try (ResultSet rs = st.getGeneratedKeys()) {
                    while (rs.next()) {
                        keys.add(rs.getLong(1));
                    }
                }
            }
            List<Long> ids = new ArrayList<>();
            for (List<String> row : Sql.rows(c, "SELECT id FROM " + t + " ORDER BY id")) {
                ids.add(Long.parseLong(row.get(0)));
            }
            assertEquals(ids, keys, "the keys are the rows'");
            assertEquals(3, ids.get(1) - ids.get(0), "3 apart");
        }
    }

    /**
     * Was: Connector/J went on believing its session was utf8mb4. It learns the client character set
     * from the OK of {@code SET NAMES} (which the front end answers itself); from 3.5.9 on it drops
     * the connection when that is no UTF-8 (the compatibility suite's
     * {@code setNamesBig5IsRejectedAndConnectionDropped}).
     */
    @Test
    void connectorJLearnsTheCharacterSetOfSetNames() throws SQLException {
        try (Connection c = mariadb("")) {
            org.mariadb.jdbc.Connection m = c.unwrap(org.mariadb.jdbc.Connection.class);
            assertEquals("utf8mb4", m.getContext().getCharset());
            Sql.exec(c, "SET NAMES big5");
            assertEquals("big5", m.getContext().getCharset());
            Sql.exec(c, "SET NAMES utf8mb4");
            assertEquals("utf8mb4", m.getContext().getCharset());
        }
    }

    /** Was: the isolation level stayed unknown to Connector/J (null: its failover replay threw NullPointerException). */
    @Test
    void connectorJLearnsTheIsolationLevelAndDatabaseFromTheServer() throws SQLException {
        try (Connection c = mariadb("")) {
            org.mariadb.jdbc.Connection m = c.unwrap(org.mariadb.jdbc.Connection.class);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            assertEquals(Connection.TRANSACTION_READ_COMMITTED, m.getContext().getTransactionIsolationLevel());
            Sql.exec(c, "SET SESSION TRANSACTION ISOLATION LEVEL SERIALIZABLE");
            assertEquals(Connection.TRANSACTION_SERIALIZABLE, m.getContext().getTransactionIsolationLevel());
            assertEquals(Connection.TRANSACTION_SERIALIZABLE, c.getTransactionIsolation());
            Sql.exec(c, "USE oceanbase");
            assertEquals("oceanbase", m.getContext().getDatabase(), "USE: the schema the server reported");
            assertEquals("oceanbase", c.getCatalog());
            assertEquals("oceanbase", Sql.scalar(c, "SELECT DATABASE()"));
            c.setCatalog("test"); // COM_INIT_DB
            assertEquals("test", c.getCatalog());
            assertEquals("test", Sql.scalar(c, "SELECT DATABASE()"));
        }
    }

    /**
     * A change is reported once, by the statement that made it: the driver's replay of the time zone
     * on the other server, before a statement there, is not; nor is one client's tracking another's.
     */
    @Test
    void aChangeIsReportedOnceToTheClientThatMadeIt() throws Exception {
        String a = Sql.createTable(cluster, "trka", "id INT PRIMARY KEY, v INT NOT NULL");
        String b = Sql.createTable(cluster, "trkb", "id INT PRIMARY KEY, v INT NOT NULL");
        try (Connection c = cluster.connect(cluster.node(1))) {
            Sql.exec(c, "INSERT INTO " + a + " VALUES (1, 0)");
            Sql.exec(c, "INSERT INTO " + b + " VALUES (1, 0)");
        }
        cluster.awaitReplication(Duration.ofSeconds(10));
        cluster.declare(TableLayout.nonPartitioned("test", a).leaders(1));
        cluster.declare(TableLayout.nonPartitioned("test", b).leaders(2));
        try (WireClient tracking = login(SESSION_TRACK); WireClient other = login(SESSION_TRACK);
             WireClient plain = login(0)) {
            query(tracking, "USE test");
            byte[] set = query(tracking, "SET time_zone = '+03:00'");
            assertState(set, "time_zone", "+03:00");
            for (String table : List.of(a, b, a)) {
                byte[] update = query(tracking, "UPDATE " + table + " SET v = v + 1 WHERE id = 1");
                assertEquals(0, status(update) & SESSION_STATE_CHANGED, "nothing changed: " + WireClient.describe(update));
            }
            assertState(query(tracking, "SET SESSION session_track_system_variables = 'auto_increment_increment'"));
            assertState(query(tracking, "SET auto_increment_increment = 2"), "auto_increment_increment", "2");
            assertState(query(tracking, "SET time_zone = '+04:00'"));
            assertState(query(other, "SET auto_increment_increment = 2"));
            assertState(query(other, "SET time_zone = '+04:00'"), "time_zone", "+04:00");
            assertState(query(plain, "SET time_zone = '+04:00'"));
            assertState(query(tracking, "SET session_track_schema = OFF"));
            assertState(query(tracking, "USE oceanbase"));
            assertState(query(tracking, "SET session_track_schema = ON"));
            byte[] use = query(tracking, "USE test");
            assertTrue(new String(use, StandardCharsets.ISO_8859_1).endsWith("\u0001\u0005\u0004test"),
                    "the schema: " + WireClient.describe(use));
        }
    }

    /**
     * A change is reported once even where the driver repeats it: a new autocommit mode, which it
     * also tells its Connector/J (which sends it again). A multi-statement text's changes come
     * together, with its first OK: the front end's Connector/J reads a text's OK results at once.
     */
    @Test
    void aChangeIsReportedOnceEvenWhereTheDriverRepeatsIt() throws Exception {
        try (WireClient c = login(SESSION_TRACK | MULTI_STATEMENTS)) {
            assertState(query(c, "SET autocommit = 0"), "autocommit", "OFF");
            assertState(query(c, "SET autocommit = 1"), "autocommit", "ON");
            byte[] first = query(c, "SET time_zone = '+05:00'; DO 1; SET time_zone = '+06:00'");
            assertEquals(MORE_RESULTS, status(first) & MORE_RESULTS);
            assertState(first, "time_zone", "+05:00", "time_zone", "+06:00");
            assertState(c.read());
            assertState(c.read());
            assertState(query(c, "SET time_zone = '+07:00'"), "time_zone", "+07:00");
        }
    }

    private WireClient login(int moreCapabilities) throws IOException {
        return WireClient.login(fe.server().address(), fe.user(), fe.password(), 10_000, moreCapabilities);
    }

    private static byte[] query(WireClient client, String sql) throws IOException {
        byte[] t = sql.getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[t.length + 1];
        p[0] = 0x03;
        System.arraycopy(t, 0, p, 1, t.length);
        byte[] reply = client.command(p);
        assertEquals(0, reply[0], sql + ": " + WireClient.describe(reply));
        return reply;
    }

    private static int status(byte[] ok) {
        return (ok[3] & 0xFF) | (ok[4] & 0xFF) << 8; // affected rows and insert id under 251: one byte each
    }

    /** Checks that an OK reports exactly these system variables (none: no state at all). */
    private static void assertState(byte[] ok, String... nameValues) {
        if (nameValues.length == 0) {
            assertEquals(0, status(ok) & SESSION_STATE_CHANGED, "no state: " + WireClient.describe(ok));
            assertEquals(7, ok.length, "no state: " + WireClient.describe(ok));
            return;
        }
        assertEquals(SESSION_STATE_CHANGED, status(ok) & SESSION_STATE_CHANGED);
        StringBuilder entries = new StringBuilder();
        for (int i = 0; i < nameValues.length; i += 2) {
            String entry = (char) nameValues[i].length() + nameValues[i] + (char) nameValues[i + 1].length()
                    + nameValues[i + 1];
            entries.append('\0').append((char) entry.length()).append(entry);
        }
        String expected = "\0" + (char) entries.length() + entries; // empty info, then the state
        assertEquals(expected, new String(ok, 7, ok.length - 7, StandardCharsets.ISO_8859_1));
    }
}

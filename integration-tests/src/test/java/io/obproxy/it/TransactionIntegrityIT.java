package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.jdbc.ObProxyConnection;
import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SandboxNode;
import io.obproxy.sandbox.TableLayout;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A transaction is never split across servers, whatever is read inside it. Table {@code a} is led
 * by node 1 and table {@code b} by node 2, so a write to {@code b} that escaped the transaction's pin
 * would run on node 2 in autocommit and survive the rollback. Every way to begin a transaction is
 * tried against every way to read in the middle of it; after the rollback neither table has changed
 * on any node, and no transaction is left open on any node. Through the front end, the same with the
 * mariadb CLI and PyMySQL, whose status flags must say "in transaction" all along.
 */
@ExtendWith(FrontendExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransactionIntegrityIT {
    private final SandboxCluster cluster;
    private final FrontendEndpoint fe;
    private String a;
    private String b;
    private String procedure;

    TransactionIntegrityIT(SandboxCluster cluster, FrontendEndpoint fe) {
        this.cluster = cluster;
        this.fe = fe;
    }

    /** How a transaction is begun, and how it is rolled back. */
    enum Begin {
        JDBC_AUTOCOMMIT_OFF, BEGIN, START_TRANSACTION, SET_AUTOCOMMIT_0, XA, LOCKING_READ;

        void begin(Connection c, String a) throws SQLException {
            switch (this) {
                case JDBC_AUTOCOMMIT_OFF -> c.setAutoCommit(false);
                case BEGIN -> Sql.exec(c, "BEGIN");
                case START_TRANSACTION -> Sql.exec(c, "START TRANSACTION");
                case SET_AUTOCOMMIT_0 -> Sql.exec(c, "SET autocommit = 0");
                case XA -> Sql.exec(c, "XA START 'integrity'");
                case LOCKING_READ -> {
                    c.setAutoCommit(false);
                    Sql.rows(c, "SELECT v FROM " + a + " WHERE id = 1 FOR UPDATE");
                }
            }
        }

        void rollback(Connection c) throws SQLException {
            switch (this) {
                case JDBC_AUTOCOMMIT_OFF, LOCKING_READ -> {
                    c.rollback();
                    c.setAutoCommit(true);
                }
                case XA -> {
                    Sql.exec(c, "XA END 'integrity'");
                    Sql.exec(c, "XA ROLLBACK 'integrity'");
                }
                case SET_AUTOCOMMIT_0 -> {
                    Sql.exec(c, "ROLLBACK");
                    Sql.exec(c, "SET autocommit = 1");
                }
                default -> Sql.exec(c, "ROLLBACK");
            }
        }
    }

    /** How table {@code a} is read inside the transaction. */
    enum Read {
        PLAIN, STREAMED, STREAM_ABANDONED, CURSOR_FETCH, MULTI_RESULT, CALLABLE;

        void read(Connection c, String a, String procedure) throws SQLException {
            switch (this) {
                case PLAIN -> Sql.rows(c, "SELECT * FROM " + a);
                case STREAMED, STREAM_ABANDONED -> {
                    try (Statement st = c.createStatement()) {
                        st.setFetchSize(Integer.MIN_VALUE);
                        try (ResultSet rs = st.executeQuery("SELECT * FROM " + a)) {
                            while (rs.next() && this == STREAMED) {
                                rs.getInt(1);
                            }
                        }
                    }
                }
                case CURSOR_FETCH -> {
                    try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + a)) {
                        ps.setFetchSize(2);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                rs.getInt(1);
                            }
                        }
                    }
                }
                case MULTI_RESULT -> {
                    try (Statement st = c.createStatement()) {
                        boolean isResult = st.execute("SELECT * FROM " + a + "; SELECT COUNT(*) FROM " + a);
                        while (isResult || st.getUpdateCount() != -1) {
                            if (isResult) {
                                try (ResultSet rs = st.getResultSet()) {
                                    while (rs.next()) {
                                        rs.getInt(1);
                                    }
                                }
                            }
                            isResult = st.getMoreResults();
                        }
                    }
                }
                case CALLABLE -> {
                    try (CallableStatement cs = c.prepareCall("{call " + procedure + "()}");
                         ResultSet rs = cs.executeQuery()) {
                        while (rs.next()) {
                            rs.getInt(1);
                        }
                    }
                }
            }
        }
    }

    @BeforeAll
    void createTables() throws SQLException {
        a = Sql.uniqueName("txa");
        b = Sql.uniqueName("txb");
        procedure = Sql.uniqueName("txread");
        try (Connection c = cluster.connect(cluster.node(1))) {
            for (String t : List.of(a, b)) {
                Sql.exec(c, "CREATE TABLE " + t + " (id INT PRIMARY KEY, v INT NOT NULL)");
                Sql.exec(c, "INSERT INTO " + t + " VALUES (1, 0), (2, 0), (3, 0), (4, 0), (5, 0)");
            }
            Sql.exec(c, "CREATE PROCEDURE " + procedure + "() SELECT * FROM " + a);
        }
        cluster.awaitReplication(Duration.ofSeconds(10));
        cluster.declare(TableLayout.nonPartitioned("test", a).leaders(1));
        cluster.declare(TableLayout.nonPartitioned("test", b).leaders(2));
    }

    /** Each case starts from zeros, whatever an earlier failing case left. */
    @BeforeEach
    void resetRows() throws SQLException {
        try (Connection c = cluster.connect(cluster.node(1))) {
            for (String t : List.of(a, b)) {
                Sql.exec(c, "UPDATE " + t + " SET v = 0");
            }
        }
        cluster.awaitReplication(Duration.ofSeconds(10));
    }

    private String url() {
        return cluster.jdbcUrl() + "&allowMultiQueries=true&useCursorFetch=true";
    }

    static Stream<Arguments> everyBeginAndRead() {
        List<Arguments> cases = new ArrayList<>();
        for (Begin begin : Begin.values()) {
            for (Read read : Read.values()) {
                cases.add(Arguments.of(begin, read));
            }
        }
        return cases.stream();
    }

    @Test
    void outsideATransactionEachTableIsWrittenOnItsLeader() throws SQLException {
        try (Connection c = DriverManager.getConnection(url())) {
            Sql.exec(c, "UPDATE " + a + " SET v = v WHERE id = 1");
            assertEquals(cluster.node(1).address(), c.unwrap(ObProxyConnection.class).lastServer());
            Sql.exec(c, "UPDATE " + b + " SET v = v WHERE id = 1");
            assertEquals(cluster.node(2).address(), c.unwrap(ObProxyConnection.class).lastServer(),
                    "b is led by node 2: the cases below would split a transaction if its pin were lost");
        }
    }

    @ParameterizedTest(name = "{0} then a {1} read")
    @MethodSource("everyBeginAndRead")
    void aReadInsideATransactionKeepsItOnOneServer(Begin begin, Read read) throws SQLException {
        SandboxNode first = cluster.node(1);
        try (Connection c = DriverManager.getConnection(url())) {
            ObProxyConnection logical = c.unwrap(ObProxyConnection.class);
            begin.begin(c, a);
            Sql.exec(c, "UPDATE " + a + " SET v = v + 1 WHERE id = 1");
            assertEquals(first.address(), logical.lastServer(), "the transaction starts on a's leader");
            read.read(c, a, procedure);
            assertTrue(logical.pinReasons().contains("TRANSACTION"), "still in the transaction: " + logical.pinReasons());
            Sql.exec(c, "UPDATE " + b + " SET v = v + 1 WHERE id = 1");
            assertEquals(first.address(), logical.lastServer(), "b's write stays in the transaction, on node 1");
            begin.rollback(c);
            assertEquals(List.of(), logical.pinReasons(), "the rollback ended the transaction");
            Sql.exec(c, "UPDATE " + b + " SET v = v WHERE id = 2"); // the connection used again, as a pool would
        }
        assertNothingChangedAndNoTransactionOpen();
    }

    @Test
    void theMariadbCliThroughTheFrontEndCannotSplitATransaction() throws Exception {
        String script = "START TRANSACTION; UPDATE " + a + " SET v = v + 1 WHERE id = 1; SELECT * FROM " + a + ";"
                + " UPDATE " + b + " SET v = v + 1 WHERE id = 1; ROLLBACK;";
        ExternalClient.Result r = ExternalClient.run(Duration.ofSeconds(60), script,
                ExternalClient.require("mariadb", "mariadb-client"), "-h127.0.0.1", "-P" + fe.port(), "--skip-ssl",
                "-u" + fe.user(), "-p" + fe.password(), "test");
        assertEquals(0, r.exitCode(), r.toString());
        assertNothingChangedAndNoTransactionOpen();
    }

    /** PyMySQL: each way to begin, buffered and unbuffered reads; prints the IN_TRANS flag after each step. */
    private static final String PYMYSQL = String.join("\n",
            "import sys, pymysql, pymysql.cursors",
            "host, port, user, password, a, b = sys.argv[1:7]",
            "for begin in ['BEGIN', 'START TRANSACTION', 'autocommit(False)', 'SET autocommit = 0', \"XA START 'py'\"]:",
            "    for cursor_class in [pymysql.cursors.Cursor, pymysql.cursors.SSCursor]:",
            "        conn = pymysql.connect(host=host, port=int(port), user=user, password=password, database='test',",
            "                               ssl_disabled=True, autocommit=True, cursorclass=cursor_class)",
            "        cur = conn.cursor()",
            "        if begin == 'autocommit(False)':",
            "            conn.autocommit(False)",
            "        else:",
            "            cur.execute(begin)",
            "        flags = []",
            "        cur.execute('UPDATE ' + a + ' SET v = v + 1 WHERE id = 1')",
            "        flags.append(conn.server_status & 1)",
            "        cur.execute('SELECT * FROM ' + a)",
            "        cur.fetchall()",
            "        flags.append(conn.server_status & 1)",
            "        cur.execute('UPDATE ' + b + ' SET v = v + 1 WHERE id = 1')",
            "        flags.append(conn.server_status & 1)",
            "        if begin.startswith('XA'):",
            "            cur.execute(\"XA END 'py'\")",
            "            cur.execute(\"XA ROLLBACK 'py'\")",
            "        else:",
            "            conn.rollback()",
            "        flags.append(conn.server_status & 1)",
            "        print(begin, cursor_class.__name__, flags)",
            "        conn.close()");

    @Test
    void pyMySqlThroughTheFrontEndSeesTheTransactionAndCannotSplitIt() throws Exception {
        ExternalClient.Result r = ExternalClient.run(Duration.ofSeconds(60), null,
                "/usr/bin/python3", "-c", PYMYSQL, "127.0.0.1",
                Integer.toString(fe.port()), fe.user(), fe.password(), a, b);
        assertEquals(0, r.exitCode(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals(10, lines.size(), r.toString());
        for (String line : lines) {
            assertTrue(line.endsWith(" [1, 1, 1, 0]"), "IN_TRANS after the update, the read, the second update; not after the rollback: "
                    + line);
        }
        assertNothingChangedAndNoTransactionOpen();
    }

    /** PyMySQL: the IN_TRANS flag after each statement, across commits that no COMMIT says. */
    private static final String PYMYSQL_IMPLICIT_COMMITS = String.join("\n",
            "import sys, pymysql",
            "host, port, user, password, table = sys.argv[1:6]",
            "conn = pymysql.connect(host=host, port=int(port), user=user, password=password, database='test',",
            "                       ssl_disabled=True, autocommit=True)",
            "cur = conn.cursor()",
            "for sql in ['BEGIN', 'SELECT 1', 'CREATE TABLE ' + table + ' (id INT)', 'SELECT 2',",
            "            'SET autocommit = 0', 'INSERT INTO ' + table + ' VALUES (1)', 'SET autocommit = 1', 'SELECT 3',",
            "            'BEGIN', 'SELECT 4', 'DROP TABLE ' + table, 'SELECT 5', 'BEGIN', 'COMMIT', 'SELECT 6']:",
            "    cur.execute(sql)",
            "    cur.fetchall()",
            "    print(sql.split(' ')[0], conn.server_status & 1)",
            "conn.close()");

    /**
     * A DDL's implicit commit and SET autocommit = 1 end a transaction as the node's status flags
     * say, through the front end as on the node: the front end kept IN_TRANS (and its pin) until an
     * explicit COMMIT, since a relayed OK left Connector/J's flag as it was.
     */
    @Test
    void anImplicitCommitEndsTheTransactionThroughTheFrontEndAsOnTheNode() throws Exception {
        String node = cluster.node(1).address();
        ExternalClient.Result direct = ExternalClient.run(Duration.ofSeconds(60), null, "/usr/bin/python3", "-c",
                PYMYSQL_IMPLICIT_COMMITS, "127.0.0.1", node.substring(node.indexOf(':') + 1), fe.user(), fe.password(),
                Sql.uniqueName("implicit"));
        assertEquals(0, direct.exitCode(), direct.toString());
        assertTrue(direct.out().contains("SELECT 1\nCREATE 0\n") && direct.out().contains("INSERT 1\nSET 0\n")
                && direct.out().contains("SELECT 1\nDROP 0\n"), "the node's flags: " + direct);
        ExternalClient.Result r = ExternalClient.run(Duration.ofSeconds(60), null, "/usr/bin/python3", "-c",
                PYMYSQL_IMPLICIT_COMMITS, "127.0.0.1", Integer.toString(fe.port()), fe.user(), fe.password(),
                Sql.uniqueName("implicit"));
        assertEquals(direct.out(), r.out(), r.toString());
    }

    /** Both tables still hold 0 everywhere, and no node has a transaction left open on our tables. */
    private void assertNothingChangedAndNoTransactionOpen() throws SQLException {
        cluster.awaitReplication(Duration.ofSeconds(10));
        for (SandboxNode node : cluster.nodes()) {
            try (Connection c = cluster.connect(node)) {
                for (String t : List.of(a, b)) {
                    assertEquals("0", Sql.scalar(c, "SELECT SUM(v) FROM " + t), t + " on node " + node.id());
                }
                assertEquals("0", Sql.scalar(c, "SELECT COUNT(*) FROM information_schema.INNODB_TRX"
                        + " WHERE trx_rows_modified > 0 OR trx_rows_locked > 0"), "open transactions on node " + node.id());
            }
        }
    }

    /**
     * With autocommit off, a first statement that fails on its server (a DELETE refused by a foreign
     * key, after it locked the row) has opened a transaction there holding that lock: ROLLBACK, by
     * JDBC or as SQL, must reach that server and release it. (It was answered locally as if nothing
     * had run, and another session waited for the lock until 1205.)
     */
    @Test
    void aRollbackAfterAFailedFirstStatementReleasesItsLocks() throws SQLException {
        String parent = Sql.createTable(cluster, "fk_parent", "id INT PRIMARY KEY, v INT");
        String child = Sql.createTable(cluster, "fk_child", "id INT PRIMARY KEY, pid INT, FOREIGN KEY (pid) REFERENCES "
                + parent + " (id)");
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            Sql.exec(c, "INSERT INTO " + parent + " VALUES (1, 0)");
            Sql.exec(c, "INSERT INTO " + child + " VALUES (1, 1)");
        }
        for (String how : List.of("rollback()", "ROLLBACK")) {
            try (Connection c = DriverManager.getConnection(cluster.jdbcUrl());
                 Connection other = DriverManager.getConnection(cluster.jdbcUrl())) {
                c.setAutoCommit(false);
                SQLException e = assertThrows(SQLException.class, () -> Sql.exec(c, "DELETE FROM " + parent + " WHERE id = 1"));
                assertEquals(1451, e.getErrorCode(), e.toString());
                if (how.equals("ROLLBACK")) {
                    Sql.exec(c, "ROLLBACK");
                } else {
                    c.rollback();
                }
                Sql.exec(other, "SET SESSION innodb_lock_wait_timeout = 1");
                Sql.exec(other, "UPDATE " + parent + " SET v = v + 1 WHERE id = 1"); // 1205 while the lock is held
            }
        }
    }
}

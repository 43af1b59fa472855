package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.sandbox.SandboxNode;
import io.obproxy.sandbox.WireClient;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Results that stream from a server through the front end to a client can be stopped, and are
 * shown while they stream: the processlist says Query with the statement's text (Sleep after),
 * KILL QUERY of the client stops the server's statement and leaves the client connected, KILL of
 * the client answers OK, a client that goes away mid-result stops the server's statement instead
 * of having it read to its end, and {@code KILL CONNECTION_ID()} ends the caller itself. The
 * results are endless for a test: a billion rows of MariaDB's sequence engine.
 */
@ExtendWith(FrontendExtension.class)
class FrontendStreamingIT {
    private static final String ENDLESS = "SELECT seq, REPEAT('x', 100) FROM test.seq_1_to_1000000000";
    private final FrontendEndpoint fe;

    FrontendStreamingIT(FrontendEndpoint fe) {
        this.fe = fe;
    }

    /** @return an endless query, marked so that the servers' processlists tell it from any other */
    private static String endless(String marker) {
        return ENDLESS + " /* " + marker + " */";
    }

    private static long id(Connection c) throws SQLException {
        return Long.parseLong(Sql.scalar(c, "SELECT CONNECTION_ID()"));
    }

    /** @return the processlist row of {@code id} as another client sees it (FULL), or null */
    private static List<String> row(Connection c, long id) throws SQLException {
        for (List<String> r : Sql.rows(c, "SHOW FULL PROCESSLIST")) {
            if (Long.parseLong(r.get(0)) == id) {
                return r;
            }
        }
        return null;
    }

    /** @return a statement whose rows stream (Connector/J reads them from the front end as they come) */
    private static ResultSet stream(Connection c, String sql) throws SQLException {
        Statement st = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        st.setFetchSize(Integer.MIN_VALUE);
        ResultSet rs = st.executeQuery(sql);
        for (int i = 0; i < 100; i++) {
            assertTrue(rs.next());
        }
        return rs;
    }

    /** Reads on until the result fails; fails itself when it does not within 10 s. */
    private static SQLException readUntilFailure(ResultSet rs) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        try {
            while (rs.next()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the result still streams 10 s later");
                }
            }
            throw new AssertionError("the endless result ended");
        } catch (SQLException e) {
            return e;
        }
    }

    /** @return the servers' sessions running a statement with {@code marker} in it */
    private int serverStatementsWith(String marker) throws SQLException {
        int n = 0;
        for (SandboxNode node : fe.cluster().nodes()) {
            try (Connection c = fe.cluster().connect(node);
                 PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                         + " WHERE INFO LIKE ? AND INFO NOT LIKE '%PROCESSLIST%'")) {
                ps.setString(1, "%" + marker + "%");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    n += rs.getInt(1);
                }
            }
        }
        return n;
    }

    @Test
    void whileRowsStreamTheProcesslistShowsTheQueryAndKillQueryStopsIt() throws Exception {
        String sql = endless("kill-query");
        Connection client = fe.connect("");
        try (Connection other = fe.connect("")) {
            long id = id(client);
            ResultSet rs = stream(client, sql);
            List<String> streaming = row(other, id);
            assertNotNull(streaming);
            assertEquals("Query", streaming.get(4), streaming.toString());
            assertEquals(sql, streaming.get(7));
            assertEquals(1, serverStatementsWith("kill-query"), "the server runs it while its rows stream");
            long t0 = System.nanoTime();
            Sql.exec(other, "KILL QUERY " + id);
            SQLException stopped = readUntilFailure(rs);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(1317, stopped.getErrorCode(), stopped.toString());
            assertEquals("70100", stopped.getSQLState());
            System.out.println("KILL QUERY stopped a streaming result within " + millis + " ms");
            assertEquals("1", Sql.scalar(client, "SELECT 1"), "the client stays connected");
            List<String> idle = row(other, id);
            assertEquals("Sleep", idle.get(4), idle.toString());
            assertEquals(null, idle.get(7));
            assertEquals(0, serverStatementsWith("kill-query"));
        } finally {
            client.abort(Runnable::run); // a close would read an endless result to its end, should the test fail
        }
    }

    /**
     * Connector/J's query timeout: its timer sends KILL QUERY to the front end while the execute reads
     * the rows (500 a second here, ten seconds of them, each large enough to leave the server at once:
     * the front end's own execute has returned when the KILL comes), which stops them on the server.
     */
    @Test
    void connectorJsQueryTimeoutStopsRowsThatAreStillComing() throws Exception {
        Connection client = fe.connect("");
        try (Statement st = client.createStatement()) {
            st.setQueryTimeout(1);
            long t0 = System.nanoTime();
            SQLException e = assertThrows(SQLException.class,
                    () -> st.executeQuery("SELECT seq, REPEAT('x', 20000), SLEEP(0.002) FROM seq_1_to_5000 /* query-timeout */"));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(e instanceof SQLTimeoutException, e.toString());
            assertTrue(millis < 4_000, "stopped after " + millis + " ms");
            assertEquals("1", Sql.scalar(client, "SELECT 1"), "the client stays connected");
            assertEquals(0, serverStatementsWith("query-timeout"));
        } finally {
            client.abort(Runnable::run);
        }
    }

    /** The mariadb client reading row by row ({@code --quick}), stopped by a KILL QUERY as its Ctrl-C sends it. */
    @Test
    void theMariadbClientsStreamingQueryStopsOnKillQuery() throws Exception {
        String sql = endless("cli-kill-query");
        Process cli = new ProcessBuilder(ExternalClient.require("mariadb", "mariadb-client"), "-h127.0.0.1",
                "-P" + fe.port(), "-u" + fe.user(), "-p" + fe.password(), "--skip-ssl", "--quick", "--comments", "-N", "test", "-e", sql)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        cli.getOutputStream().close();
        try (Connection other = fe.connect("")) {
            List<String> streaming = null;
            for (int i = 0; i < 200 && streaming == null; i++) {
                for (List<String> r : Sql.rows(other, "SHOW FULL PROCESSLIST")) {
                    if (sql.equals(r.get(7))) {
                        streaming = r;
                    }
                }
                Thread.sleep(streaming == null ? 50 : 0);
            }
            assertNotNull(streaming, "the client's query in the processlist");
            assertEquals("Query", streaming.get(4));
            Sql.exec(other, "KILL QUERY " + streaming.get(0));
            ExternalClient.Result r = ExternalClient.finish(cli, Duration.ofSeconds(20), "mariadb --quick");
            assertEquals(1, r.exitCode(), r.toString());
            assertTrue(r.err().contains("1317"), r.err());
            assertEquals(0, serverStatementsWith("cli-kill-query"));
        } finally {
            cli.destroyForcibly();
        }
    }

    @Test
    void killOfAStreamingClientAnswersOkAndEndsIt() throws Exception {
        Connection client = fe.connect("");
        try (Connection killer = fe.connect("")) {
            long id = id(client);
            ResultSet rs = stream(client, endless("kill-connection"));
            Sql.exec(killer, "KILL " + id); // an OK, as a server answers it
            SQLException killed = readUntilFailure(rs);
            assertEquals(1927, killed.getErrorCode(), killed.toString());
            assertEquals("70100", killed.getSQLState());
            assertEquals("Connection was killed", killed.getMessage());
            assertFalse(client.isValid(2), "the killed client is closed");
            assertEquals(null, row(killer, id));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (serverStatementsWith("kill-connection") > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(0, serverStatementsWith("kill-connection"), "the server statement of the killed client");
        } finally {
            client.abort(Runnable::run);
        }
    }

    @Test
    void aClientGoneMidResultStopsTheServerStatement() throws Exception {
        int before = fe.server().clients();
        for (int i = 0; i < 5; i++) {
            String marker = "gone-" + i;
            try (WireClient c = WireClient.login(fe.server().address(), fe.user(), fe.password(), 10_000)) {
                byte[] query = ("\u0003" + endless(marker)).getBytes(StandardCharsets.UTF_8);
                c.command(query);
                for (int r = 0; r < 1000; r++) {
                    c.read();
                }
                assertEquals(1, serverStatementsWith(marker), "the server runs it while its rows stream");
            } // gone, with rows unread
            long t0 = System.nanoTime();
            long deadline = t0 + 5_000_000_000L;
            while (serverStatementsWith(marker) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(0, serverStatementsWith(marker), "the server still runs the statement of a client gone 5 s ago");
            System.out.println("the statement of a client gone mid-result stopped within "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms");
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (fe.server().clients() > before && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(fe.server().clients() <= before, "every slot of these clients released (another test's"
                + " client may leave meanwhile): " + fe.server().clients() + " after, " + before + " before");
    }

    @Test
    void killConnectionIdThroughTheFrontEndEndsTheCaller() throws Exception {
        try (Connection self = fe.connect(""); Connection other = fe.connect("")) {
            long id = id(self);
            Sql.exec(self, "KILL QUERY CONNECTION_ID()");
            assertEquals("1", Sql.scalar(self, "SELECT 1"));
            SQLException killed = assertThrows(SQLException.class, () -> Sql.exec(self, "KILL CONNECTION_ID()"));
            assertEquals(1927, killed.getErrorCode(), killed.toString());
            assertEquals("70100", killed.getSQLState());
            assertFalse(self.isValid(2));
            assertEquals(null, row(other, id));
        }
    }
}

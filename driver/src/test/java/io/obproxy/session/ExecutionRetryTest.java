package io.obproxy.session;

import static io.obproxy.session.FakeSession.A;
import static io.obproxy.session.FakeSession.B;
import static io.obproxy.session.FakeSession.C;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.cluster.Health;
import io.obproxy.cluster.ServerAddress;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The retry matrix of docs/high-availability.md through {@link Execution#run}, over fake servers:
 * what is sent again and where, what the application gets, what becomes of the pin, and that
 * nothing that may have run is ever sent twice (the fake servers count every text sent).
 */
class ExecutionRetryTest {
    private static SQLException failure(String name) {
        switch (name) {
            case "broken": return new SQLException("Communications link failure", "08S01");
            case "timeout": return new SQLException("Read timed out", "S1000", 0, new SocketTimeoutException("Read timed out"));
            case "not-master": return new SQLException("Not master", "HY000", 4038);
            case "stopping": return new SQLException("server is stopping", "HY000", 8002);
            case "duplicate": return new SQLException("Duplicate entry '1' for key 'PRIMARY'", "23000", 1062);
            default: throw new IllegalArgumentException(name);
        }
    }

    /**
     * The session starts on A (outside: autocommit; first: a BEGIN held; inside: a transaction open
     * on A); the statement's first attempt on A meets the failure. Answer: the server that ran it in
     * the end, or the SQLSTATE/vendor code the application gets.
     */
    @ParameterizedTest(name = "{0} | {1} | {2} -> {3}, sent {4}, pinned to {5}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # position | statement                   | failure    | answer     | sends | pinned to
            outside    | SELECT * FROM t             | broken     | B          | 2     | -
            outside    | SELECT * FROM t             | timeout    | B          | 2     | -
            outside    | SHOW TABLES                 | broken     | B          | 2     | -
            outside    | UPDATE t SET v = 1          | broken     | 08007/0    | 1     | -
            outside    | INSERT INTO t VALUES (1)    | timeout    | 08007/0    | 1     | -
            outside    | SELECT * FROM t FOR UPDATE  | broken     | 08007/0    | 1     | -
            outside    | SELECT GET_LOCK('l', 1)     | broken     | 08007/0    | 1     | -
            outside    | SELECT 1; DELETE FROM t     | broken     | 08007/0    | 1     | -
            outside    | UPDATE t SET v = 1          | not-master | B          | 2     | -
            outside    | SELECT * FROM t             | not-master | B          | 2     | -
            outside    | UPDATE t SET v = 1          | stopping   | B          | 2     | -
            outside    | UPDATE t SET v = 1          | duplicate  | 23000/1062 | 1     | -
            first      | SELECT * FROM t             | broken     | 40001/0    | 1     | -
            first      | UPDATE t SET v = 1          | broken     | 40001/0    | 1     | -
            first      | UPDATE t SET v = 1          | not-master | B          | 2     | B
            first      | UPDATE t SET v = 1          | stopping   | B          | 2     | B
            first      | UPDATE t SET v = 1          | duplicate  | 23000/1062 | 1     | A
            inside     | SELECT * FROM t             | broken     | 40001/0    | 1     | -
            inside     | UPDATE t SET v = 1          | timeout    | 40001/0    | 1     | -
            inside     | COMMIT                      | broken     | 08007/0    | 1     | -
            inside     | UPDATE t SET v = 1          | not-master | HY000/4038 | 1     | A
            inside     | UPDATE t SET v = 1          | duplicate  | 23000/1062 | 1     | A
            """)
    void aFailedAttemptIsSentAgainOnlyWhenSafe(String position, String sql, String failure, String answer, int sends,
                                               String pinnedTo) throws SQLException {
        FakeSession f = new FakeSession(A, B);
        f.startOn(A);
        if (!position.equals("outside")) {
            f.run("BEGIN");
        }
        if (position.equals("inside")) {
            assertEquals(A, f.run("UPDATE t SET v = 0"));
        }
        f.servers.failNext(A, sql, failure(failure));
        if (answer.contains("/")) {
            SQLException e = assertThrows(SQLException.class, () -> f.run(sql));
            assertEquals(answer, e.getSQLState() + "/" + e.getErrorCode(), e.getMessage());
        } else {
            assertEquals(ServerAddress.parse(answer.equals("B") ? B.toString() : A.toString()), f.run(sql));
        }
        assertEquals(sends, f.servers.sends(sql), "times sent");
        assertEquals(pinnedTo == null ? null : ServerAddress.parse(pinnedTo.equals("A") ? A.toString() : B.toString()),
                f.pinnedTo());
        if (answer.equals("40001/0") || answer.equals("08007/0")) {
            assertFalse(f.session.inTransaction(), "the transaction is gone");
        }
        f.run("SELECT 1"); // the logical connection stays usable
    }

    @Test
    void aStatementRefusedAtTheFirstOfATransactionTakesItsBeginAlongAndDropsTheRefusersConnection()
            throws SQLException {
        FakeSession f = new FakeSession(A, B);
        f.startOn(A);
        f.run("BEGIN");
        f.servers.failNext(A, "UPDATE t SET v = 1", failure("not-master"));
        assertEquals(B, f.run("UPDATE t SET v = 1"));
        assertEquals(List.of("SELECT 1", "BEGIN", "UPDATE t SET v = 1"), f.servers.sentTo(A));
        assertEquals(List.of("BEGIN", "UPDATE t SET v = 1"), f.servers.sentTo(B));
        assertTrue(f.session.physicalSessions().stream().noneMatch(ps -> ps.server().equals(A)),
                "the BEGIN may have opened a transaction on A: its connection is closed, which rolls it back");
    }

    @Test
    void aRefusedDefaultRouteNeverGoesBackToAServerThatRefusedIt() throws SQLException {
        FakeSession f = new FakeSession(A, B, C);
        f.startOn(A);
        f.servers.failNext(A, "UPDATE t SET v = 1", failure("not-master"));
        f.servers.failNext(null, "UPDATE t SET v = 1", failure("not-master")); // the second server asked refuses too
        ServerAddress ran = f.run("UPDATE t SET v = 1");
        List<ServerAddress> where = f.servers.sent().stream().filter(s -> s.sql().equals("UPDATE t SET v = 1"))
                .map(FakeServers.Sent::server).toList();
        assertEquals(3, where.size());
        assertEquals(3, where.stream().distinct().count(), "each attempt on another server: " + where);
        assertEquals(where.get(2), ran);
    }

    @Test
    void whenEveryServerRefusedTheRefusalIsTheAnswer() throws SQLException {
        FakeSession f = new FakeSession(A, B);
        f.startOn(A);
        f.servers.failNext(A, "UPDATE t SET v = 1", failure("not-master"));
        f.servers.failNext(B, "UPDATE t SET v = 1", failure("not-master"));
        SQLException e = assertThrows(SQLException.class, () -> f.run("UPDATE t SET v = 1"));
        assertEquals(4038, e.getErrorCode(), e.getMessage());
        assertEquals(2, f.servers.sends("UPDATE t SET v = 1"));
    }

    @Test
    void aForcedRouteIsNotSentElsewhere() throws SQLException {
        FakeSession f = new FakeSession(A, B);
        f.run("SET @obproxy_route_addr = '" + B + "'");
        f.servers.failNext(B, "SELECT * FROM t", failure("broken"));
        SQLException e = assertThrows(SQLException.class, () -> f.run("SELECT * FROM t"));
        assertEquals("08S01", e.getSQLState());
        assertEquals(1, f.servers.sends("SELECT * FROM t"));
        assertEquals(0, f.servers.opened(A));
    }

    @Test
    void aFailedConnectIsTriedElsewhereAndMakesItsServerDead() throws SQLException {
        FakeSession f = new FakeSession(A, B);
        f.startOn(A);
        f.servers.closeConnections(A);
        f.servers.refuseConnections(A, new SQLException("Connection refused", "08001"));
        sleepPastIdleCheck();
        assertEquals(B, f.run("UPDATE t SET v = 1"));
        assertEquals(1, f.servers.sends("UPDATE t SET v = 1"));
        assertEquals(Health.DEAD, f.cluster.topology().health(A));
    }

    @Test
    void aFailedConnectAtTheFirstOfATransactionTakesTheHeldBeginElsewhere() throws SQLException {
        FakeSession f = new FakeSession(A, B);
        f.startOn(A);
        f.run("BEGIN");
        f.servers.closeConnections(A);
        f.servers.refuseConnections(A, new SQLException("Connection refused", "08001"));
        sleepPastIdleCheck();
        assertEquals(B, f.run("UPDATE t SET v = 1"));
        assertEquals(List.of("BEGIN", "UPDATE t SET v = 1"), f.servers.sentTo(B));
        assertEquals(B, f.pinnedTo());
    }

    @Test
    void aFailedSessionReplayIsTriedAgainOnANewConnectionWithTheStatementNotYetSent() throws SQLException {
        FakeSession f = new FakeSession(A, B);
        f.startOn(A);
        f.run("SET @x = 1");
        f.cluster.reportBrokenConnection(A, "test"); // the next default route prefers B, which has no connection yet
        f.servers.failNext(B, "SET @`x` = 1", new SQLException("Communications link failure", "08S01"));
        assertEquals(B, f.run("UPDATE t SET v = 1"));
        assertEquals(List.of("SET @`x` = 1", "SET @`x` = 1", "UPDATE t SET v = 1"), f.servers.sentTo(B));
        assertEquals(2, f.servers.opened(B));
    }

    @Test
    void aConnectionClosedWhileIdleIsReplacedBeforeTheStatementGoesOut() throws SQLException {
        FakeSession f = new FakeSession(A, B);
        f.startOn(A);
        f.servers.closeConnections(A);
        sleepPastIdleCheck();
        assertEquals(A, f.run("UPDATE t SET v = 1"), "a new connection to the same server");
        assertEquals(2, f.servers.opened(A));
        assertEquals(1, f.servers.sends("UPDATE t SET v = 1"));
    }

    /**
     * A transaction whose connection the server closed while idle is lost (40001). A statement of it
     * is spared the look at a connection idle for less than the longer threshold, since it would be
     * lost either way: it goes out and meets the closed connection. Its COMMIT is not spared: sent,
     * its fate would be unknown (08007), where the look knows it never ran.
     */
    @Test
    void aPinnedConnectionClosedWhileIdleLosesTheTransactionAndOnlyACommitLooksFirst() throws SQLException {
        FakeSession f = new FakeSession(A, B);
        f.startOn(A);
        f.run("BEGIN");
        f.run("UPDATE t SET v = 0");
        f.servers.closeConnections(A);
        sleepPastIdleCheck();
        SQLException e = assertThrows(SQLException.class, () -> f.run("UPDATE t SET v = 1"));
        assertEquals("40001", e.getSQLState());
        assertEquals(1, f.servers.sends("UPDATE t SET v = 1"), "spared the look: sent on the closed connection");
        assertNull(f.pinnedTo());
        assertFalse(f.session.inTransaction());

        f.run("BEGIN");
        f.run("UPDATE t SET v = 2");
        f.servers.closeConnections(f.pinnedTo()); // B when A's failure made it suspect
        sleepPastIdleCheck();
        e = assertThrows(SQLException.class, () -> f.run("COMMIT"));
        assertEquals("40001", e.getSQLState(), "known never to have committed: " + e);
        assertEquals(0, f.servers.sends("COMMIT"));
        assertNull(f.pinnedTo());
    }

    @Test
    void aBrokenCommitHasAnUnknownOutcomeAndABrokenRollbackSucceeds() throws SQLException {
        FakeSession f = new FakeSession(A, B);
        f.startOn(A);
        f.session.transactions().setAutoCommit(false);
        f.run("UPDATE t SET v = 1");
        f.session.parts().pins().server().connection().close(); // the next commit() meets a broken connection
        SQLException e = assertThrows(SQLException.class, f.session.transactions()::commit);
        assertEquals("08007", e.getSQLState());
        assertNull(f.pinnedTo());

        f.run("UPDATE t SET v = 2");
        assertNotNull(f.pinnedTo());
        f.session.parts().pins().server().connection().close();
        f.session.transactions().rollback(); // the server rolls back a transaction whose connection is gone
        assertNull(f.pinnedTo());
        assertEquals(1, f.servers.sends("UPDATE t SET v = 2"));
    }

    /**
     * A read outside a transaction, which is sent again when its connection turns out broken, is
     * spared the look at a connection idle for less than the longer threshold: it goes on the
     * connection the server closed, finds it broken, and goes again on a new one. A write is never
     * written to a connection known closed.
     */
    @Test
    void aReadIsSparedTheIdleLookAndSentAgainWhileAWriteIsNot() throws SQLException {
        FakeSession f = new FakeSession(A);
        f.startOn(A);
        f.servers.closeConnections(A);
        sleepPastIdleCheck();
        assertEquals(A, f.run("SELECT * FROM t"));
        assertEquals(2, f.servers.sends("SELECT * FROM t"), "once on the closed connection, once on a new one");

        f.servers.closeConnections(A);
        sleepPastIdleCheck();
        assertEquals(A, f.run("UPDATE t SET v = 1"));
        assertEquals(1, f.servers.sends("UPDATE t SET v = 1"), "the closed connection was seen before the write");
    }

    /**
     * A refusal that would send the statement again (stale location) after part of a relayed reply
     * was handed on: the server ran it (a procedure's later statement failed after its first
     * results), so it goes nowhere else and the application gets the error.
     */
    @Test
    void aStatementWhoseReplyWasPartlyHandedOnIsNotSentAgain() throws SQLException {
        FakeSession f = new FakeSession(A, B);
        f.startOn(A);
        f.servers.failNext(A, "CALL p()", new SQLException("Not master", "HY000", 4038));
        assertEquals(4038, assertThrows(SQLException.class, () -> f.runPartlyDelivered("CALL p()")).getErrorCode());
        assertEquals(1, f.servers.sends("CALL p()"));

        f.servers.failNext(A, "SELECT * FROM t", new SQLException("Not master", "HY000", 4038));
        f.run("SELECT * FROM t");
        assertEquals(2, f.servers.sends("SELECT * FROM t"), "the same refusal before anything came: sent again");
    }

    /** Lets a connection become idle long enough to be checked before its next use. */
    private static void sleepPastIdleCheck() {
        try {
            Thread.sleep(PhysicalSession.IDLE_CHECK_MILLIS + 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Session state that cannot be brought to the server a transaction is pinned to (a variable that
     * server refuses) closes that connection: the application is told its transaction is lost
     * (40001), not the SET's error, so that it does not go on as if it were still in it.
     */
    @Test
    void aReplayThatFailsOnThePinnedServerLosesTheTransactionAndSaysSo() throws SQLException {
        FakeSession f = new FakeSession(A, B);
        f.startOn(A);
        f.run("BEGIN");
        f.run("UPDATE t SET v = 1");
        f.session.setSystemVariables(java.util.Map.of("sql_mode", "'NO_SUCH_MODE'"));
        f.servers.failNext(A, "SET @@session.sql_mode = 'NO_SUCH_MODE'",
                new SQLException("Variable 'sql_mode' can't be set to the value of 'NO_SUCH_MODE'", "42000", 1231));
        SQLException e = assertThrows(SQLException.class, () -> f.run("UPDATE t SET v = 2"));
        assertEquals("40001", e.getSQLState(), e.toString());
        assertNull(f.pinnedTo());
        assertEquals(0, f.servers.sends("UPDATE t SET v = 2"));
    }
}

package io.obproxy.session;

import static io.obproxy.session.FakeSession.A;
import static io.obproxy.session.FakeSession.B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * KILL QUERY and KILL on a logical session, as MySQL answers them: KILL QUERY fails the statement
 * running now with 1317 and only that one; KILL fails it and every later use with 1927. A killed
 * statement is never sent again, even where its failure alone would allow it.
 */
class KillRulesTest {
    private static final String READ = "SELECT * FROM t";
    private static final SQLException INTERRUPTED = new SQLException("Query execution was interrupted", "70100", 1317);
    private static final SQLException BROKEN = new SQLException("Communications link failure", "08S01");

    /**
     * The session runs a read (which a broken connection alone would send again); the kill comes
     * before it (nothing runs) or while it runs (the server then answers with its error, or the
     * connection breaks). Answers: the read's, then the next statement's ({@code ok} or
     * SQLSTATE/vendor code).
     */
    @ParameterizedTest(name = "{0} {1}, server says {2} -> {3}, sent {4}, then {5}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # kill     | when   | server says | answer     | sends | next
            query      | during | interrupted | 70100/1317 | 1     | ok
            query      | during | broken      | 70100/1317 | 1     | ok
            query      | before | -           | ok         | 1     | ok
            connection | during | broken      | 70100/1927 | 1     | 70100/1927
            connection | during | interrupted | 70100/1927 | 1     | 70100/1927
            connection | before | -           | 70100/1927 | 0     | 70100/1927
            """)
    void killsAnswerAsMySqlDoes(String kill, String when, String serverSays, String answer, int sends, String next)
            throws SQLException {
        FakeSession f = new FakeSession(A, B);
        f.startOn(A);
        FakeServers.During killing = kill.equals("query") ? f.session::killQuery : f.session::kill;
        if (when.equals("before")) {
            killing.run();
        } else {
            f.servers.whileRunning(READ, killing, serverSays.equals("broken") ? BROKEN : INTERRUPTED);
        }
        assertEquals(answer, outcome(f, READ));
        assertEquals(sends, f.servers.sends(READ), "times sent");
        assertEquals(next, outcome(f, "SELECT 2"), "the next statement");
        if (kill.equals("connection")) {
            assertTrue(f.session.physicalSessions().isEmpty(), "every physical connection closed");
            assertEquals("70100/1927", outcome(f.session.transactions()::commit), "commit()");
        }
    }

    @Test
    void aKillQueryCancelsTheRunningPhysicalStatement() throws SQLException {
        FakeSession f = new FakeSession(A, B);
        f.servers.whileRunning(READ, f.session::killQuery, BROKEN);
        SQLException e = assertThrows(SQLException.class, () -> f.run(READ));
        assertEquals(1317, e.getErrorCode());
        assertEquals(BROKEN, e.getCause(), "the failure it met is chained");
        assertEquals(1, f.servers.cancels());
        f.session.killQuery(); // nothing runs now: nothing to cancel
        assertEquals(1, f.servers.cancels());
    }

    @Test
    void aKillQueryArrivingAsAStatementEndsIsSpentByTheNextExecution() throws SQLException {
        FakeSession f = new FakeSession(A, B);
        f.startOn(A);
        f.servers.whileRunning(READ, f.session::killQuery, null); // cancelled too late: the read completes
        assertEquals("ok", outcome(f, READ));
        f.servers.failNext(A, "INSERT INTO t VALUES (1)", new SQLException("Duplicate entry", "23000", 1062));
        assertEquals("23000/1062", outcome(f, "INSERT INTO t VALUES (1)"), "its own error, not the spent kill's 1317");
    }

    @Test
    void aKilledTransactionEndsWithTheSession() throws SQLException {
        FakeSession f = new FakeSession(A, B);
        f.run("BEGIN");
        f.run("UPDATE t SET v = 1");
        f.session.kill();
        assertEquals("70100/1927", outcome(f.session.transactions()::rollback));
        assertEquals("70100/1927", outcome(() -> f.session.transactions().setAutoCommit(false)));
        assertTrue(f.session.isKilled());
        assertTrue(f.session.isClosed());
    }

    /** @return "ok", or the SQLSTATE/vendor code of the failure */
    private static String outcome(FakeSession f, String sql) {
        return outcome(() -> f.run(sql));
    }

    private static String outcome(FakeServers.During call) {
        try {
            call.run();
            return "ok";
        } catch (SQLException e) {
            return e.getSQLState() + "/" + e.getErrorCode();
        }
    }
}

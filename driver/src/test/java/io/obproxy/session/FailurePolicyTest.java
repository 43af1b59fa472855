package io.obproxy.session;

import static io.obproxy.session.FailurePolicy.Phase.EXECUTE;
import static io.obproxy.session.FailurePolicy.Phase.PREPARE;
import static io.obproxy.session.FailurePolicy.Position.FIRST;
import static io.obproxy.session.FailurePolicy.Position.INSIDE;
import static io.obproxy.session.FailurePolicy.Position.OUTSIDE;
import static io.obproxy.session.FailurePolicy.Verdict.FAIL;
import static io.obproxy.session.FailurePolicy.Verdict.OUTCOME_UNKNOWN;
import static io.obproxy.session.FailurePolicy.Verdict.RETRY;
import static io.obproxy.session.FailurePolicy.Verdict.TRANSACTION_LOST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.sql.SqlInfo;
import io.obproxy.sql.StatementParser;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The retry matrix of docs/high-availability.md, row by row. */
class FailurePolicyTest {
    private static final SqlInfo READ = StatementParser.parse("SELECT * FROM t WHERE id = 1");
    private static final SqlInfo LOCKING = StatementParser.parse("SELECT * FROM t WHERE id = 1 FOR UPDATE");
    private static final SqlInfo WRITE = StatementParser.parse("UPDATE t SET v = 1 WHERE id = 1");
    private static final SqlInfo COMMIT = StatementParser.parse("COMMIT");
    private static final SqlInfo MULTI = StatementParser.parse("SELECT 1; DELETE FROM t");

    private static final SQLException BROKEN = new SQLException("Communications link failure", "08S01");
    private static final SQLException TIMED_OUT = new SQLException("read timed out", "S1000", 0,
            new SocketTimeoutException("Read timed out"));
    private static final SQLException NOT_MASTER = new SQLException("Not master", "HY000", 4038);
    private static final SQLException STOPPING = new SQLException("server is stopping", "HY000", 8002);
    private static final SQLException READ_ONLY_STANDBY = new SQLException("The MariaDB server is running with the"
            + " --read-only option so it cannot execute this statement", "HY000", 1290);
    private static final SQLException SECURE_FILE_PRIV = new SQLException("The MySQL server is running with the"
            + " --secure-file-priv option so it cannot execute this statement", "HY000", 1290);
    private static final SQLException DUPLICATE = new SQLException("Duplicate entry", "23000", 1062);

    @Test
    void beforeSendingAnythingMayBeSentAgainExceptInsideATransaction() {
        assertEquals(RETRY, FailurePolicy.decide(BROKEN, PREPARE, OUTSIDE, WRITE));
        assertEquals(RETRY, FailurePolicy.decide(BROKEN, PREPARE, FIRST, WRITE), "the held BEGIN goes along");
        assertEquals(TRANSACTION_LOST, FailurePolicy.decide(BROKEN, PREPARE, INSIDE, READ));
        assertEquals(FAIL, FailurePolicy.decide(DUPLICATE, PREPARE, OUTSIDE, READ), "a server error while preparing");
    }

    @Test
    void aReplyConnectorJFailedToReadLeavesTheConnectionUnusable() {
        RuntimeException inReader = new ArrayIndexOutOfBoundsException("Index 2 out of bounds for length 2");
        inReader.setStackTrace(new StackTraceElement[] {new StackTraceElement(
                "com.mysql.cj.protocol.a.MergingColumnDefinitionFactory", "createFromFields", null, 52)});
        SQLException unread = new SQLException(inReader.toString(), "S1000", 0, inReader);
        assertTrue(FailurePolicy.leftReplyUnread(unread));
        assertEquals(RETRY, FailurePolicy.decide(unread, EXECUTE, OUTSIDE, READ), "on another connection");
        assertEquals(TRANSACTION_LOST, FailurePolicy.decide(unread, EXECUTE, INSIDE, READ));
        assertEquals(OUTCOME_UNKNOWN, FailurePolicy.decide(unread, EXECUTE, OUTSIDE, WRITE));
        assertFalse(FailurePolicy.leftReplyUnread(DUPLICATE), "a server's error");
        assertFalse(FailurePolicy.leftReplyUnread(new SQLException("x", "S1000", 0, new IllegalStateException())),
                "not Connector/J's protocol layer");
    }

    @Test
    void refusedBeforeExecutingIsSentAgainOutsideTransactionsOnly() {
        for (SQLException refused : new SQLException[] {NOT_MASTER, STOPPING, READ_ONLY_STANDBY}) {
            assertEquals(RETRY, FailurePolicy.decide(refused, EXECUTE, OUTSIDE, WRITE), refused.getMessage());
            assertEquals(RETRY, FailurePolicy.decide(refused, EXECUTE, FIRST, WRITE), refused.getMessage());
        }
        assertEquals(FAIL, FailurePolicy.decide(NOT_MASTER, EXECUTE, INSIDE, WRITE));
        assertEquals(FAIL, FailurePolicy.decide(STOPPING, EXECUTE, INSIDE, WRITE));
        assertEquals(TRANSACTION_LOST, FailurePolicy.decide(READ_ONLY_STANDBY, EXECUTE, INSIDE, WRITE),
                "a transaction on a cluster that stopped being the primary cannot go on");
    }

    @Test
    void notThePrimaryIsOceanBasesSayingSoOrAReadOnlyServer() {
        assertTrue(FailurePolicy.isNotPrimary(READ_ONLY_STANDBY));
        assertTrue(FailurePolicy.isNotPrimary(new SQLException("not primary", "HY000", 4782)));
        assertTrue(FailurePolicy.isNotPrimary(new SQLException("The MySQL server is running with the --super-read-only"
                + " option so it cannot execute this statement", "HY000", 1290)));
        assertFalse(FailurePolicy.isNotPrimary(SECURE_FILE_PRIV), "1290 for another option");
        assertEquals(FAIL, FailurePolicy.decide(SECURE_FILE_PRIV, EXECUTE, OUTSIDE, WRITE),
                "an ordinary error: not sent again");
        assertFalse(FailurePolicy.isNotPrimary(NOT_MASTER));
    }

    @Test
    void aRefusedBatchIsSentAgainOnlyWhenNoneOfItsEntriesRan() {
        long failed = java.sql.Statement.EXECUTE_FAILED;
        SQLException partly = new java.sql.BatchUpdateException("Not master", "HY000", 4038, new long[] {1, failed}, null);
        SQLException stoppedAfterOne = new java.sql.BatchUpdateException("Not master", "HY000", 4038, new long[] {1}, null);
        SQLException none = new java.sql.BatchUpdateException("Not master", "HY000", 4038, new long[] {failed, failed}, null);
        SQLException firstFailed = new java.sql.BatchUpdateException("Not master", "HY000", 4038, new long[0], null);
        assertEquals(FAIL, FailurePolicy.decide(partly, EXECUTE, OUTSIDE, WRITE), "the first entry is committed");
        assertEquals(FAIL, FailurePolicy.decide(stoppedAfterOne, EXECUTE, OUTSIDE, WRITE));
        assertEquals(RETRY, FailurePolicy.decide(none, EXECUTE, OUTSIDE, WRITE));
        assertEquals(RETRY, FailurePolicy.decide(firstFailed, EXECUTE, OUTSIDE, WRITE));
        assertEquals(RETRY, FailurePolicy.decide(partly, EXECUTE, FIRST, WRITE),
                "its transaction's connection is dropped, which rolls the entries back");
    }

    @Test
    void aBrokenConnectionAfterSendingRetriesOnlyReadsOutsideTransactions() {
        assertEquals(RETRY, FailurePolicy.decide(BROKEN, EXECUTE, OUTSIDE, READ));
        assertEquals(RETRY, FailurePolicy.decide(TIMED_OUT, EXECUTE, OUTSIDE, READ), "a read timeout counts as broken");
        assertEquals(OUTCOME_UNKNOWN, FailurePolicy.decide(BROKEN, EXECUTE, OUTSIDE, WRITE));
        assertEquals(OUTCOME_UNKNOWN, FailurePolicy.decide(BROKEN, EXECUTE, OUTSIDE, LOCKING));
        assertEquals(OUTCOME_UNKNOWN, FailurePolicy.decide(BROKEN, EXECUTE, OUTSIDE, MULTI));
        assertEquals(TRANSACTION_LOST, FailurePolicy.decide(BROKEN, EXECUTE, FIRST, READ));
        assertEquals(TRANSACTION_LOST, FailurePolicy.decide(BROKEN, EXECUTE, INSIDE, WRITE));
        assertEquals(OUTCOME_UNKNOWN, FailurePolicy.decide(BROKEN, EXECUTE, INSIDE, COMMIT));
        assertEquals(OUTCOME_UNKNOWN, FailurePolicy.decide(BROKEN, EXECUTE, INSIDE, StatementParser.parse("SET autocommit = 1")),
                "it commits, as COMMIT does");
        assertEquals(TRANSACTION_LOST, FailurePolicy.decide(BROKEN, EXECUTE, INSIDE, StatementParser.parse("SET autocommit = 0")));
    }

    @Test
    void otherServerErrorsAreTheApplicationsAsTheyAre() {
        assertEquals(FAIL, FailurePolicy.decide(DUPLICATE, EXECUTE, OUTSIDE, WRITE));
        assertEquals(FAIL, FailurePolicy.decide(DUPLICATE, EXECUTE, OUTSIDE, READ));
    }

    @Test
    void readsAreOnlyStatementsThatChangeNothing() {
        assertTrue(FailurePolicy.isRead(READ));
        assertTrue(FailurePolicy.isRead(StatementParser.parse("SHOW TABLES")));
        assertFalse(FailurePolicy.isRead(LOCKING));
        assertFalse(FailurePolicy.isRead(StatementParser.parse("SELECT GET_LOCK('x', 1)")));
        assertFalse(FailurePolicy.isRead(StatementParser.parse("SELECT 1 INTO @x")));
        assertFalse(FailurePolicy.isRead(MULTI));
        assertFalse(FailurePolicy.isRead(WRITE));
    }
}

package io.obproxy.session;

import io.obproxy.sql.SqlInfo;
import io.obproxy.sql.StatementParser;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * JDBC's transaction calls on one logical session: commit, rollback, autocommit, savepoints. Each
 * reaches the server through the execution pipeline as the SQL statement it stands for (a JDBC
 * commit counts as COMMIT), so it goes where the transaction runs, its failure is judged by the same
 * rules (a commit whose answer was lost: 08007), and its effect on the pins is recorded as the
 * statement's would be. A call with no transaction to act on sends nothing.
 */
public final class JdbcTransactions {
    private static final SqlInfo COMMIT = StatementParser.parse("COMMIT");
    private static final SqlInfo ROLLBACK = StatementParser.parse("ROLLBACK");
    private static final SqlInfo AUTOCOMMIT_ON = StatementParser.parse("SET autocommit = 1");
    private static final SqlInfo SAVEPOINT = StatementParser.parse("SAVEPOINT s");
    private static final SqlInfo ROLLBACK_TO_SAVEPOINT = StatementParser.parse("ROLLBACK TO SAVEPOINT s");
    private static final SqlInfo RELEASE_SAVEPOINT = StatementParser.parse("RELEASE SAVEPOINT s");

    private final SessionParts parts;

    JdbcTransactions(SessionParts parts) {
        this.parts = parts;
    }

    /** JDBC commit: on the pinned server if a transaction runs there; a held BEGIN is dropped. */
    public void commit() throws SQLException {
        if (endsPinnedTransaction()) {
            WorkAttempt.call(parts, COMMIT, ps -> {
                ps.connection().commit();
                return null;
            });
        }
    }

    /**
     * JDBC rollback, as {@link #commit}. When the connection breaks the rollback has happened (the
     * server rolls back a transaction whose connection is gone), so it succeeds.
     */
    public void rollback() throws SQLException {
        if (!endsPinnedTransaction()) {
            return;
        }
        try {
            WorkAttempt.call(parts, ROLLBACK, ps -> {
                ps.connection().rollback();
                return null;
            });
        } catch (SQLException e) {
            if (!FailureOutcomes.isTransactionLost(e)) {
                throw e;
            }
        }
    }

    /** @return true when a transaction runs on a pinned server; a held BEGIN is dropped either way */
    private boolean endsPinnedTransaction() throws SQLException {
        parts.servers().ensureOpen();
        parts.held().dropBegin();
        return parts.pins().server() != null;
    }

    /**
     * JDBC autocommit. Switched on while the session is pinned, it commits the transaction where it
     * runs: sent to the pinned server as {@code SET autocommit = 1}, and recorded as that statement
     * would be; a connection that breaks on it leaves the commit's outcome unknown (08007), as a
     * COMMIT's.
     */
    public void setAutoCommit(boolean on) throws SQLException {
        parts.servers().ensureOpen();
        if (on == parts.state().autoCommit()) {
            return;
        }
        if (on && parts.pins().server() != null) {
            WorkAttempt.call(parts, AUTOCOMMIT_ON, ps -> {
                ps.connection().setAutoCommit(true);
                return null;
            });
        } else {
            parts.state().setAutoCommit(on);
        }
        parts.held().dropBegin();
    }

    /**
     * JDBC setSavepoint: on the pinned server, or with none where the session's route goes, with the
     * held transaction started there (the transaction is pinned from then on).
     *
     * @param name the savepoint's name, or null for an unnamed one
     */
    public Savepoint setSavepoint(String name) throws SQLException {
        return WorkAttempt.call(parts, SAVEPOINT,
                ps -> name == null ? ps.connection().setSavepoint() : ps.connection().setSavepoint(name));
    }

    /** JDBC rollback(Savepoint): on the pinned server; the transaction goes on. */
    public void rollback(Savepoint savepoint) throws SQLException {
        WorkAttempt.call(parts, inTransactionOrFail(ROLLBACK_TO_SAVEPOINT), ps -> {
            ps.connection().rollback(savepoint);
            return null;
        });
    }

    /** JDBC releaseSavepoint: on the pinned server. */
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        WorkAttempt.call(parts, inTransactionOrFail(RELEASE_SAVEPOINT), ps -> {
            ps.connection().releaseSavepoint(savepoint);
            return null;
        });
    }

    private SqlInfo inTransactionOrFail(SqlInfo info) throws SQLException {
        parts.servers().ensureOpen();
        if (parts.pins().server() == null) {
            throw new SQLException("No transaction is open, so no savepoint exists", "3B001");
        }
        return info;
    }
}

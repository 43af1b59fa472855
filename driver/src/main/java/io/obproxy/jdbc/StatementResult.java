package io.obproxy.jdbc;

import io.obproxy.session.ConnectorJ;
import io.obproxy.session.LogicalSession;
import io.obproxy.session.PhysicalSession;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * What the last execution of a logical statement left for the application: the physical statement
 * it ran on (its result sets, update counts, generated keys, warnings), or the driver's own answer
 * (rows, or an update count of 0); and the result set handed out, wrapped so that it reports the
 * logical statement. A streaming result set pins the session to its server until it is closed.
 * The physical statement running now is also what JDBC cancel() cancels ({@link #cancel}).
 */
final class StatementResult {
    private static final int QUERY_INTERRUPTED = 1317;
    private final Statement owner;
    private final LogicalSession session;
    private volatile Statement physical; // read by cancel() from another thread
    private PhysicalSession server;
    private LogicalResultSet resultSet;
    private int localUpdateCount = -1;
    /**
     * Set by {@link #cancel()} for the execution running now. Connector/J marks its statement
     * cancelled only after the server has acknowledged the KILL QUERY, so the executing thread may
     * see the server's 1317 first; with this flag the application gets one answer either way.
     */
    private volatile boolean cancelRequested;

    /** @param owner the logical statement the result sets report */
    StatementResult(Statement owner, LogicalSession session) {
        this.owner = owner;
        this.session = session;
    }

    /** A new execution starts: a cancel() of the previous one is spent. */
    void executionStarts() {
        cancelRequested = false;
    }

    /** JDBC cancel(): the physical statement running now is cancelled on its server. */
    void cancel() throws SQLException {
        Statement running = physical;
        if (running != null) {
            cancelRequested = true;
            running.cancel();
        }
    }

    /**
     * @return the failure of an execution the application cancelled, as one exception whichever
     *         side saw the cancellation first: Connector/J's class and message, the server's
     *         SQLSTATE 70100 and code 1317; any other failure unchanged
     */
    SQLException asCancelled(SQLException e) {
        if (!cancelRequested || e.getErrorCode() != QUERY_INTERRUPTED && !ConnectorJ.isCancellation(e)) {
            return e;
        }
        SQLException cancelled = ConnectorJ.cancellation("70100", QUERY_INTERRUPTED);
        cancelled.initCause(e);
        return cancelled;
    }

    /** An attempt runs on {@code st} of {@code ps}: results come from there from now on. */
    void runsOn(PhysicalSession ps, Statement st) {
        server = ps;
        physical = st;
        localUpdateCount = -1;
    }

    /**
     * The driver answered the statement itself (or the session intercepted it).
     *
     * @param rows its rows, or null for an update count of 0
     */
    void answeredLocally(ResultSet rows) {
        physical = null;
        server = null;
        resultSet = rows == null ? null : new LogicalResultSet(owner, rows, null);
        localUpdateCount = rows == null ? 0 : -1;
    }

    /** @return the physical statement of the last execution, or null when the driver answered it */
    Statement physical() {
        return physical;
    }

    /** @return the result set handed out last, or null */
    LogicalResultSet resultSet() {
        return resultSet;
    }

    /**
     * @param streaming true when the result set is read from the server while open (it pins the session)
     * @return {@code rs} as the application sees it, now the current result set; null for null
     */
    ResultSet wrap(ResultSet rs, boolean streaming) {
        if (rs == null) {
            return null;
        }
        LogicalSession cursorOwner = null;
        if (streaming) {
            session.openCursor(server);
            cursorOwner = session;
        }
        resultSet = new LogicalResultSet(owner, rs, cursorOwner);
        return resultSet;
    }

    /** JDBC getResultSet: the current result set, wrapped once. */
    ResultSet current(boolean streaming) throws SQLException {
        if (physical == null) {
            return resultSet; // the driver's own rows, or none
        }
        ResultSet rs = physical.getResultSet();
        if (rs == null) {
            return null;
        }
        if (resultSet != null && resultSet.physical() == rs) {
            return resultSet;
        }
        return wrap(rs, streaming);
    }

    /** JDBC getLargeUpdateCount. */
    long updateCount() throws SQLException {
        return physical == null ? localUpdateCount : physical.getLargeUpdateCount();
    }

    /** JDBC getMoreResults({@code mode}). */
    boolean moreResults(int mode, boolean streaming) throws SQLException {
        if (physical == null) {
            localUpdateCount = -1;
            if (mode != Statement.KEEP_CURRENT_RESULT) {
                close();
            }
            resultSet = null;
            return false;
        }
        if (mode != Statement.KEEP_CURRENT_RESULT && resultSet != null) {
            resultSet.release(); // the physical statement closes it
            resultSet = null;
        }
        boolean more = physical.getMoreResults(mode);
        if (more) {
            wrap(physical.getResultSet(), streaming);
        }
        return more;
    }

    /** JDBC getGeneratedKeys. */
    ResultSet generatedKeys() throws SQLException {
        if (physical == null) {
            throw new SQLException("No statement has run, so there are no generated keys", "S1009");
        }
        return new LogicalResultSet(owner, physical.getGeneratedKeys(), null);
    }

    /** @return the last insert id of the last execution (0 when none) */
    long lastInsertId() throws SQLException {
        return physical == null ? 0 : ConnectorJ.lastInsertId(physical);
    }

    /** @return the info string of the OK packet of the current result (null when none) */
    String info() throws SQLException {
        return physical == null ? null : ConnectorJ.info(physical);
    }

    SQLWarning warnings() throws SQLException {
        return physical == null ? null : physical.getWarnings();
    }

    /** Closes the current result set, if any. */
    void close() throws SQLException {
        if (resultSet != null) {
            LogicalResultSet rs = resultSet;
            resultSet = null;
            rs.close();
        }
    }
}

package io.obproxy.jdbc;

import io.obproxy.session.PhysicalSession;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The options of the application's {@link Statement} (fetch size, max rows, query timeout, ...)
 * and the physical statements they apply to: one per server the statement ran on, created there
 * on first use ({@link #physicalFor}) with the options set so far, and told of every later change.
 * {@link LogicalStatement} adds the executions.
 */
abstract class StatementSettings implements Statement, Unwrapping {
    protected final StatementOptions options;
    private final Map<PhysicalSession, Statement> physical = new HashMap<>(4);
    /** The last lookup's server and statement: most statements run on one server execution after execution. */
    private PhysicalSession lastSession;
    private Statement lastStatement;
    private boolean closeOnCompletion;
    private int fetchSize;
    private long maxRows;
    private int queryTimeout;
    private int maxFieldSize;
    private int fetchDirection = ResultSet.FETCH_FORWARD;
    private boolean escapeProcessing = true;
    private boolean poolable;

    StatementSettings(StatementOptions options) {
        this.options = options;
    }

    /** @throws SQLException when the statement (or its connection) is closed */
    abstract void checkOpen() throws SQLException;

    /** @return the physical statement for a server, created with this statement's options on first use */
    protected final Statement physicalFor(PhysicalSession ps) throws SQLException {
        if (ps == lastSession) {
            return lastStatement;
        }
        Statement st = physical.get(ps);
        if (st == null) {
            forgetClosed();
            st = create(ps);
            applyOptions(st);
            physical.put(ps, st);
        }
        lastSession = ps;
        lastStatement = st;
        return st;
    }

    /** Creates a physical statement; {@link LogicalPreparedStatement} prepares its SQL instead. */
    protected Statement create(PhysicalSession ps) throws SQLException {
        return options.createStatement(ps.connection());
    }

    private void forgetClosed() throws SQLException {
        lastSession = null;
        lastStatement = null;
        for (Iterator<Statement> it = physical.values().iterator(); it.hasNext(); ) {
            if (it.next().isClosed()) {
                it.remove();
            }
        }
    }

    private void applyOptions(Statement st) throws SQLException {
        if (fetchSize != 0) {
            st.setFetchSize(fetchSize);
        }
        if (maxRows != 0) {
            st.setLargeMaxRows(maxRows);
        }
        if (queryTimeout != 0) {
            st.setQueryTimeout(queryTimeout);
        }
        if (maxFieldSize != 0) {
            st.setMaxFieldSize(maxFieldSize);
        }
        if (!escapeProcessing) {
            st.setEscapeProcessing(false);
        }
    }


    /** @return the fetch size set (0 when none; Integer.MIN_VALUE streams) */
    final int fetchSize() {
        return fetchSize;
    }

    /** Closes every physical statement. @return the first failure, or null */
    final SQLException closePhysicals() {
        SQLException first = null;
        for (Statement st : physical.values()) {
            try {
                st.close();
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        physical.clear();
        lastSession = null;
        lastStatement = null;
        return first;
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        checkOpen();
        return maxFieldSize;
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw new SQLException("Invalid max field size " + max + ": expected >= 0", "S1009");
        }
        maxFieldSize = max;
        for (Statement st : physical.values()) {
            st.setMaxFieldSize(max);
        }
    }

    @Override
    public int getMaxRows() throws SQLException {
        checkOpen();
        return (int) Math.min(Integer.MAX_VALUE, maxRows);
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        setLargeMaxRows(max);
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        checkOpen();
        return maxRows;
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw new SQLException("Invalid max rows " + max + ": expected >= 0", "S1009");
        }
        maxRows = max;
        for (Statement st : physical.values()) {
            st.setLargeMaxRows(max);
        }
    }

    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        checkOpen();
        escapeProcessing = enable;
        for (Statement st : physical.values()) {
            st.setEscapeProcessing(enable);
        }
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        checkOpen();
        return queryTimeout;
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        checkOpen();
        if (seconds < 0) {
            throw new SQLException("Invalid query timeout " + seconds + " s: expected >= 0", "S1009");
        }
        queryTimeout = seconds;
        for (Statement st : physical.values()) {
            st.setQueryTimeout(seconds);
        }
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        for (Statement st : physical.values()) {
            st.clearWarnings();
        }
    }

    @Override
    public void setCursorName(String name) throws SQLException {
        throw new SQLFeatureNotSupportedException("setCursorName: positioned updates are not supported");
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != ResultSet.FETCH_FORWARD && direction != ResultSet.FETCH_REVERSE
                && direction != ResultSet.FETCH_UNKNOWN) {
            throw new SQLException("Invalid fetch direction " + direction, "S1009");
        }
        fetchDirection = direction;
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return fetchDirection;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0 && rows != Integer.MIN_VALUE) {
            throw new SQLException("Invalid fetch size " + rows + ": expected >= 0 or Integer.MIN_VALUE (streaming)",
                    "S1009");
        }
        fetchSize = rows;
        for (Statement st : physical.values()) {
            st.setFetchSize(rows);
        }
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return fetchSize;
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        checkOpen();
        return options.concurrency();
    }

    @Override
    public int getResultSetType() throws SQLException {
        checkOpen();
        return options.type();
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        checkOpen();
        return options.holdability();
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        checkOpen();
        this.poolable = poolable;
    }

    @Override
    public boolean isPoolable() throws SQLException {
        checkOpen();
        return poolable;
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        checkOpen();
        closeOnCompletion = true;
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        checkOpen();
        return closeOnCompletion;
    }
}

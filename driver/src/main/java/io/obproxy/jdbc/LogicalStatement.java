package io.obproxy.jdbc;

import io.obproxy.route.ParameterValues;
import io.obproxy.session.Attempt;
import io.obproxy.session.ConnectorJ;
import io.obproxy.session.Execution;
import io.obproxy.session.LogicalSession;
import io.obproxy.session.PhysicalSession;
import io.obproxy.sql.SqlInfo;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The application's {@link Statement}. Each execution is classified, routed by the session, and
 * run on a physical statement of the chosen server (created there on first use, with this
 * statement's options); results are wrapped so that they report this statement.
 *
 * <p>Execution cycle ({@link #run}, shared with {@link LogicalPreparedStatement}): intercepted by
 * the session, or an {@link Execution} of attempts: route and physical statement, the physical
 * call, then the session records the effects, or judges the failure (sent again, or the error the
 * application gets).
 */
class LogicalStatement implements Statement, ObProxyStatement {
    private static final int QUERY_INTERRUPTED = 1317;

    protected final LogicalConnection connection;
    protected final LogicalSession session;
    protected final StatementOptions options;
    private final Map<PhysicalSession, Statement> physical = new HashMap<>(4);
    private volatile Statement current; // read by cancel() from another thread
    /**
     * Set by {@link #cancel()} for the execution running now. Connector/J marks its statement
     * cancelled only after the server has acknowledged the KILL QUERY, so the executing thread may
     * see the server's 1317 first; with this flag the application gets one answer either way.
     */
    private volatile boolean cancelRequested;
    private PhysicalSession currentSession;
    private LogicalResultSet currentResult;
    private int localUpdateCount = -1;
    /** What the application sent, when the driver sends something else in its place (SHOW PROCESSLIST shows this). */
    private String shown;
    private List<String> batch;
    private boolean closed;
    private boolean closeOnCompletion;
    private int fetchSize;
    private long maxRows;
    private int queryTimeout;
    private int maxFieldSize;
    private int fetchDirection = ResultSet.FETCH_FORWARD;
    private boolean escapeProcessing = true;
    private boolean poolable;

    LogicalStatement(LogicalConnection connection, StatementOptions options) {
        this.connection = connection;
        this.session = connection.session();
        this.options = options;
    }

    // ------------------------------------------------------------------ execution cycle

    /** One execution's call on the physical statement. */
    @FunctionalInterface
    protected interface PhysicalCall<T> {
        T call(Statement physical) throws SQLException;
    }

    /**
     * Runs one execution: the session answers it itself, or it is routed, sent and its effects
     * recorded. A failed attempt is sent again while the session's {@link Execution} allows it
     * (see FailurePolicy: only when the statement cannot have run, or is a read outside a
     * transaction), else the application gets the error it says.
     *
     * @param intercepted the result when the session answered the statement itself; null means
     *                    "a result set was required", an error
     */
    protected final <T> T run(SqlInfo info, String sql, ParameterValues parameters, T intercepted, PhysicalCall<T> call)
            throws SQLException {
        checkOpen();
        closeCurrentResult();
        if (session.intercept(info, sql)) {
            current = null;
            currentSession = null;
            localUpdateCount = 0;
            if (intercepted == null) {
                throw noResultSet();
            }
            return intercepted;
        }
        localUpdateCount = -1;
        cancelRequested = false;
        Execution execution = session.execution(info);
        connection.process().executing(shown != null ? shown : sql);
        shown = null;
        try {
            return execution.run(parameters, new Attempt<T>() {
                private Statement st;

                @Override
                public Statement setUp(PhysicalSession ps) throws SQLException {
                    st = physicalFor(ps);
                    current = st;
                    currentSession = ps;
                    return st;
                }

                @Override
                public T send() throws SQLException {
                    return call.call(st);
                }

                @Override
                public boolean replyComplete() throws SQLException {
                    return LogicalStatement.this.replyComplete(info, st);
                }

                @Override
                public SQLException failure(SQLException e) {
                    return cancelRequested ? asCancelled(e) : e;
                }
            });
        } finally {
            connection.process().idle();
        }
    }

    /**
     * @return true when the physical statement's whole reply has been read: nothing streams, or its
     * one result is an update count (a multi-statement's later results may still stream)
     */
    private boolean replyComplete(SqlInfo info, Statement st) throws SQLException {
        return !connection.isStreaming(fetchSize) || !info.isMulti() && st.getResultSet() == null;
    }

    /** @return the physical statement for a server, created with this statement's options on first use */
    protected final Statement physicalFor(PhysicalSession ps) throws SQLException {
        Statement st = physical.get(ps);
        if (st == null) {
            forgetClosed();
            st = create(ps);
            applyOptions(st);
            physical.put(ps, st);
        }
        return st;
    }

    /** Creates a physical statement; {@link LogicalPreparedStatement} prepares its SQL instead. */
    protected Statement create(PhysicalSession ps) throws SQLException {
        return options.createStatement(ps.connection());
    }

    private void forgetClosed() throws SQLException {
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

    /** @return the result set of the physical statement that ran last */
    protected final ResultSet getPhysicalResultSet() throws SQLException {
        return current.getResultSet();
    }

    protected final ResultSet wrap(ResultSet rs) {
        if (rs == null) {
            return null;
        }
        LogicalSession owner = null;
        if (connection.isStreaming(fetchSize)) {
            session.openCursor(currentSession);
            owner = session;
        }
        currentResult = new LogicalResultSet(this, rs, owner);
        return currentResult;
    }

    protected final SqlInfo classify(String sql) throws SQLException {
        if (sql == null) {
            throw new SQLException("SQL is null", "S1009");
        }
        return connection.classifier().classify(sql);
    }

    protected static SQLException noResultSet() {
        return new SQLException("Statement did not return a result set", "S1009");
    }

    // ------------------------------------------------------------------ Statement executions

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        return query(sql, classify(sql));
    }

    /**
     * executeQuery of a text classified already: for this class, for a PreparedStatement holding a
     * driver command, and for the front end ({@link PreClassified}).
     */
    protected final ResultSet query(String sql, SqlInfo info) throws SQLException {
        LocalAnswers.Answer answer = answer(sql, info);
        if (answer.local()) {
            if (currentResult == null) {
                throw noResultSet();
            }
            return currentResult;
        }
        String text = answer.sql();
        return wrap(run(answer.info(), text, ParameterValues.NONE, null, st -> st.executeQuery(text)));
    }

    /**
     * @return what to do with {@code sql} ({@link LocalAnswers}): send it, rewritten or not, or the
     * driver's own answer, which becomes this statement's current result (rows, or an update count of 0)
     */
    private LocalAnswers.Answer answer(String sql, SqlInfo info) throws SQLException {
        checkOpen();
        shown = sql;
        connection.process().executing(sql); // before any rows are made: the connection lists itself running it
        LocalAnswers.Answer answer;
        try {
            answer = LocalAnswers.answer(sql, info, connection);
        } catch (SQLException | RuntimeException e) {
            connection.process().idle();
            throw e;
        }
        if (answer.local()) {
            connection.process().idle();
            closeCurrentResult();
            current = null;
            currentSession = null;
            if (answer.rows() != null) {
                currentResult = new LogicalResultSet(this, answer.rows(), null);
                localUpdateCount = -1;
            } else {
                localUpdateCount = 0;
            }
        }
        return answer;
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return (int) executeLargeUpdate(sql, classify(sql), -1, null, null);
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return (int) executeLargeUpdate(sql, classify(sql), autoGeneratedKeys, null, null);
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return (int) executeLargeUpdate(sql, classify(sql), -1, columnIndexes, null);
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        return (int) executeLargeUpdate(sql, classify(sql), -1, null, columnNames);
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        return executeLargeUpdate(sql, classify(sql), -1, null, null);
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return executeLargeUpdate(sql, classify(sql), autoGeneratedKeys, null, null);
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return executeLargeUpdate(sql, classify(sql), -1, columnIndexes, null);
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        return executeLargeUpdate(sql, classify(sql), -1, null, columnNames);
    }

    /** executeLargeUpdate of a classified text, for this class and for a PreparedStatement holding a driver command. */
    protected final long executeLargeUpdate(String sql, SqlInfo info, int keys, int[] indexes, String[] names)
            throws SQLException {
        LocalAnswers.Answer answer = answer(sql, info);
        if (answer.local()) {
            if (currentResult != null) {
                closeCurrentResult();
                throw new SQLException("executeUpdate cannot run a statement that produces a result set", "S1009");
            }
            return 0;
        }
        String text = answer.sql();
        return run(answer.info(), text, ParameterValues.NONE, 0L, st -> {
            if (indexes != null) {
                return st.executeLargeUpdate(text, indexes);
            }
            if (names != null) {
                return st.executeLargeUpdate(text, names);
            }
            return keys >= 0 ? st.executeLargeUpdate(text, keys) : st.executeLargeUpdate(text);
        });
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        return execute(sql, classify(sql), -1, null, null);
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        return execute(sql, classify(sql), autoGeneratedKeys, null, null);
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        return execute(sql, classify(sql), -1, columnIndexes, null);
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        return execute(sql, classify(sql), -1, null, columnNames);
    }

    /**
     * execute of a classified text: for this class, for a PreparedStatement holding a driver command,
     * and for the front end ({@link PreClassified}).
     */
    protected final boolean execute(String sql, SqlInfo info, int keys, int[] indexes, String[] names)
            throws SQLException {
        LocalAnswers.Answer answer = answer(sql, info);
        if (answer.local()) {
            return currentResult != null;
        }
        String text = answer.sql();
        boolean hasResult = run(answer.info(), text, ParameterValues.NONE, false, st -> {
            if (indexes != null) {
                return st.execute(text, indexes);
            }
            if (names != null) {
                return st.execute(text, names);
            }
            return keys >= 0 ? st.execute(text, keys) : st.execute(text);
        });
        if (hasResult) {
            wrap(getPhysicalResultSet());
        }
        return hasResult;
    }

    // ------------------------------------------------------------------ batches

    @Override
    public void addBatch(String sql) throws SQLException {
        checkOpen();
        if (batch == null) {
            batch = new ArrayList<>();
        }
        batch.add(sql);
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch = null;
    }

    @Override
    public int[] executeBatch() throws SQLException {
        return toIntCounts(executeLargeBatch());
    }

    /** JDBC's int update counts from long ones (counts above Integer.MAX_VALUE are truncated, as Connector/J does). */
    static int[] toIntCounts(long[] counts) {
        int[] result = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            result[i] = (int) counts[i];
        }
        return result;
    }

    /** Runs the batch's statements in order, each routed on its own; stops at the first failure. */
    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        List<String> statements = batch == null ? List.of() : batch;
        batch = null;
        long[] counts = new long[statements.size()];
        for (int i = 0; i < counts.length; i++) {
            try {
                counts[i] = executeLargeUpdate(statements.get(i));
            } catch (SQLException e) {
                long[] done = java.util.Arrays.copyOf(counts, i);
                throw new BatchUpdateException(e.getMessage(), e.getSQLState(), e.getErrorCode(), done, e);
            }
        }
        return counts;
    }

    // ------------------------------------------------------------------ results

    @Override
    public ResultSet getResultSet() throws SQLException {
        checkOpen();
        if (current == null) {
            return currentResult; // the driver's own rows, or none
        }
        ResultSet rs = current.getResultSet();
        if (rs == null) {
            return null;
        }
        if (currentResult != null && currentResult.physical() == rs) {
            return currentResult;
        }
        return wrap(rs);
    }

    @Override
    public int getUpdateCount() throws SQLException {
        checkOpen();
        return current == null ? localUpdateCount : current.getUpdateCount();
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        checkOpen();
        return current == null ? localUpdateCount : current.getLargeUpdateCount();
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return getMoreResults(Statement.CLOSE_CURRENT_RESULT);
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        checkOpen();
        if (this.current == null) {
            localUpdateCount = -1;
            if (current != Statement.KEEP_CURRENT_RESULT) {
                closeCurrentResult();
            }
            currentResult = null;
            return false;
        }
        if (current != Statement.KEEP_CURRENT_RESULT && currentResult != null) {
            currentResult.release(); // the physical statement closes it
            currentResult = null;
        }
        boolean more = this.current.getMoreResults(current);
        if (more) {
            wrap(this.current.getResultSet());
        }
        return more;
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        if (current == null) {
            throw new SQLException("No statement has run, so there are no generated keys", "S1009");
        }
        return new LogicalResultSet(this, current.getGeneratedKeys(), null);
    }

    @Override
    public long lastInsertId() throws SQLException {
        checkOpen();
        return current == null ? 0 : ConnectorJ.lastInsertId(current);
    }

    private void closeCurrentResult() throws SQLException {
        if (currentResult != null) {
            LogicalResultSet rs = currentResult;
            currentResult = null;
            rs.close();
        }
    }

    // ------------------------------------------------------------------ options

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
    public void cancel() throws SQLException {
        checkOpen();
        Statement running = current;
        if (running != null) {
            cancelRequested = true;
            running.cancel();
        }
    }

    /**
     * @return the failure of a statement the application cancelled, as one exception whichever
     *         side saw the cancellation first: Connector/J's class and message, the server's
     *         SQLSTATE 70100 and code 1317; any other failure unchanged
     */
    private static SQLException asCancelled(SQLException e) {
        if (e.getErrorCode() != QUERY_INTERRUPTED && !ConnectorJ.isCancellation(e)) {
            return e;
        }
        SQLException cancelled = ConnectorJ.cancellation("70100", QUERY_INTERRUPTED);
        cancelled.initCause(e);
        return cancelled;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return current == null ? null : current.getWarnings();
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
        throw new java.sql.SQLFeatureNotSupportedException("setCursorName: positioned updates are not supported");
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
    public Connection getConnection() throws SQLException {
        checkOpen();
        return connection;
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

    // ------------------------------------------------------------------ lifetime

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        SQLException first = null;
        try {
            closeCurrentResult();
        } catch (SQLException e) {
            first = e;
        }
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
        if (first != null && !connection.isClosed()) {
            throw first;
        }
    }

    @Override
    public boolean isClosed() {
        return closed || connection.isClosed();
    }

    protected final void checkOpen() throws SQLException {
        if (isClosed()) {
            throw new SQLException("Statement is closed", "S1009");
        }
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Wrappers.unwrap(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}

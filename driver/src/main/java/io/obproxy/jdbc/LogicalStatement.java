package io.obproxy.jdbc;

import io.obproxy.route.ParameterValues;
import io.obproxy.session.ConnectorJ;
import io.obproxy.session.Execution;
import io.obproxy.session.LogicalSession;
import io.obproxy.session.PacketRelay;
import io.obproxy.session.RelaySink;
import io.obproxy.sql.SqlInfo;
import java.io.InputStream;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

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
class LogicalStatement extends StatementSettings implements ObProxyStatement {
    private static final int COM_QUERY = 0x03;
    protected final LogicalConnection connection;
    protected final LogicalSession session;
    private final StatementResult result;
    /** What the application sent, when the driver sends something else in its place (SHOW PROCESSLIST shows this). */
    private String shown;
    private List<String> batch;
    private boolean closed;

    LogicalStatement(LogicalConnection connection, StatementOptions options) {
        super(options);
        this.connection = connection;
        this.session = connection.session();
        this.result = new StatementResult(this, session);
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
        return run(info, sql, parameters, intercepted, call, null);
    }

    /**
     * {@link #run}, where {@code relay}, when not null, receives the reply as the server sent it
     * (the call relays it there): once part of it arrived, the statement is not sent again.
     */
    protected final <T> T run(SqlInfo info, String sql, ParameterValues parameters, T intercepted, PhysicalCall<T> call,
                              RelaySink relay) throws SQLException {
        checkOpen();
        result.close();
        if (session.intercept(info, sql)) {
            connection.process().idle(); // held or answered here: nothing runs
            shown = null;
            result.answeredLocally(null);
            if (intercepted == null) {
                throw noResultSet();
            }
            return intercepted;
        }
        result.executionStarts();
        beforeExecution();
        Execution execution = session.execution(info);
        connection.process().executing(shown != null ? shown : sql);
        shown = null;
        try {
            return execution.run(parameters,
                    new StatementAttempt<>(this, result, info, call, connection.isStreaming(fetchSize()), relay));
        } finally {
            connection.process().idle();
        }
    }

    /** Called before each execution that reaches a server (nothing to do for a plain statement). */
    protected void beforeExecution() {
    }

    /** @return the physical statement's current result set as the application sees it (see {@link StatementResult#wrap}) */
    protected final ResultSet wrapped(ResultSet rs) {
        return result.wrap(rs, connection.isStreaming(fetchSize()));
    }

    /** @return the physical statement's current result set as the application sees it */
    protected final ResultSet wrappedResultSet() throws SQLException {
        return wrapped(result.physical().getResultSet());
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
            if (result.resultSet() == null) {
                throw noResultSet();
            }
            return result.resultSet();
        }
        String text = answer.sql();
        return wrapped(run(answer.info(), text, ParameterValues.NONE, null, st -> st.executeQuery(text)));
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
            result.close();
            result.answeredLocally(answer.rows());
        }
        return answer;
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return (int) executeLargeUpdate(sql, classify(sql), GeneratedKeys.NONE);
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return (int) executeLargeUpdate(sql, classify(sql), GeneratedKeys.flag(autoGeneratedKeys));
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return (int) executeLargeUpdate(sql, classify(sql), GeneratedKeys.columns(columnIndexes));
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        return (int) executeLargeUpdate(sql, classify(sql), GeneratedKeys.columns(columnNames));
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        return executeLargeUpdate(sql, classify(sql), GeneratedKeys.NONE);
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return executeLargeUpdate(sql, classify(sql), GeneratedKeys.flag(autoGeneratedKeys));
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return executeLargeUpdate(sql, classify(sql), GeneratedKeys.columns(columnIndexes));
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        return executeLargeUpdate(sql, classify(sql), GeneratedKeys.columns(columnNames));
    }

    /** executeLargeUpdate of a classified text, for this class and for a PreparedStatement holding a driver command. */
    protected final long executeLargeUpdate(String sql, SqlInfo info, GeneratedKeys keys)
            throws SQLException {
        LocalAnswers.Answer answer = answer(sql, info);
        if (answer.local()) {
            if (result.resultSet() != null) {
                result.close();
                throw new SQLException("executeUpdate cannot run a statement that produces a result set", "S1009");
            }
            return 0;
        }
        String text = answer.sql();
        return run(answer.info(), text, ParameterValues.NONE, 0L, st -> keys.executeLargeUpdate(st, text));
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        return execute(sql, classify(sql), GeneratedKeys.NONE);
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        return execute(sql, classify(sql), GeneratedKeys.flag(autoGeneratedKeys));
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        return execute(sql, classify(sql), GeneratedKeys.columns(columnIndexes));
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        return execute(sql, classify(sql), GeneratedKeys.columns(columnNames));
    }

    /**
     * execute of a classified text: for this class, for a PreparedStatement holding a driver command,
     * and for the front end ({@link PreClassified}).
     */
    protected final boolean execute(String sql, SqlInfo info, GeneratedKeys keys)
            throws SQLException {
        return execute(sql, info, keys, null);
    }

    /**
     * execute of a classified text whose LOAD DATA LOCAL INFILE requests are answered from {@code files}
     * (the front end's client, {@link PreClassified}); from none ({@link LocalInfiles#NO_FILE}) when null.
     */
    final boolean execute(String sql, SqlInfo info, GeneratedKeys keys, InputStream files) throws SQLException {
        LocalAnswers.Answer answer = answer(sql, info);
        if (answer.local()) {
            return result.resultSet() != null;
        }
        String text = answer.sql();
        boolean hasResult = run(answer.info(), text, ParameterValues.NONE, false,
                files == null ? st -> keys.execute(st, text)
                        : st -> LocalInfiles.lend(st, files, lent -> keys.execute(lent, text)));
        if (hasResult) {
            wrappedResultSet();
        }
        return hasResult;
    }

    /**
     * The front end's pass-through of a classified text: answered here as {@link #execute} would, or
     * routed and sent as {@code text} (the client's bytes, in the character set the servers read
     * from it, when the driver runs the text unchanged; null: the text in the encoding Connector/J
     * sends in on the connection), with the server's reply handed to {@code sink} as it comes
     * ({@link PacketRelay}); run as {@link #execute} where the connection cannot relay (compressed).
     */
    final PreClassified.Relayed relay(String sql, SqlInfo info, byte[] text, RelaySink sink) throws SQLException {
        LocalAnswers.Answer answer = answer(sql, info);
        if (answer.local()) {
            return PreClassified.Relayed.answered(result.resultSet() != null);
        }
        String sent = answer.sql();
        byte[] clientBytes = text != null && sent.equals(sql) ? text : null;
        PreClassified.Relayed relayed = run(answer.info(), sent, ParameterValues.NONE,
                PreClassified.Relayed.ANSWERED_WITH_COUNT, st -> {
                    byte[] bytes = clientBytes != null ? clientBytes : ConnectorJ.encode(st, sent);
                    if (PacketRelay.exchange(st, COM_QUERY, bytes, sink)) {
                        return PreClassified.Relayed.RELAYED;
                    }
                    return PreClassified.Relayed.answered(GeneratedKeys.NONE.execute(st, sent));
                }, sink);
        if (relayed == PreClassified.Relayed.ANSWERED_WITH_ROWS) {
            wrappedResultSet();
        }
        return relayed;
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
        return BatchSplit.toIntCounts(executeLargeBatch());
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
        return result.current(connection.isStreaming(fetchSize()));
    }

    @Override
    public int getUpdateCount() throws SQLException {
        return (int) Math.min(Integer.MAX_VALUE, getLargeUpdateCount()); // as Connector/J truncates
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        checkOpen();
        return result.updateCount();
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return getMoreResults(Statement.CLOSE_CURRENT_RESULT);
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        checkOpen();
        return result.moreResults(current, connection.isStreaming(fetchSize()));
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        return result.generatedKeys();
    }

    @Override
    public long lastInsertId() throws SQLException {
        checkOpen();
        return result.lastInsertId();
    }

    @Override
    public String info() throws SQLException {
        checkOpen();
        return result.info();
    }

    @Override
    public void cancel() throws SQLException {
        checkOpen();
        result.cancel();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return result.warnings();
    }

    @Override
    public Connection getConnection() throws SQLException {
        checkOpen();
        return connection;
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
            result.close();
        } catch (SQLException e) {
            first = e;
        }
        SQLException physicals = closePhysicals();
        first = first != null ? first : physicals;
        if (first != null && !connection.isClosed()) {
            throw first;
        }
    }

    @Override
    public boolean isClosed() {
        return closed || connection.isClosed();
    }

    @Override
    final void checkOpen() throws SQLException {
        if (isClosed()) {
            throw new SQLException("Statement is closed", "S1009");
        }
    }
}

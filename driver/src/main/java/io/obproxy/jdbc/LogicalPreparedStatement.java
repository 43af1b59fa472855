package io.obproxy.jdbc;

import io.obproxy.route.RouteDecision;
import io.obproxy.session.ConnectorJ;
import io.obproxy.session.LogicalSession;
import io.obproxy.session.PacketRelay;
import io.obproxy.session.PhysicalSession;
import io.obproxy.session.RelaySink;
import io.obproxy.sql.SqlInfo;
import java.io.InputStream;
import java.sql.BatchUpdateException;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The application's {@link PreparedStatement}: its SQL, classified once, and its parameters. Each
 * execution routes on its own and runs on that server's physical prepared statement, prepared
 * there on first use (so server-side statements, with {@code useServerPrepStmts=true}, exist only
 * where the statement ran, and all of them are closed with this one).
 */
final class LogicalPreparedStatement extends ParameterBinding {
    private final String sql;
    private final SqlInfo info;
    /** A statement the driver answers itself (SHOW PROCESSLIST, KILL, EXPLAIN ROUTE...): answered at each execution. */
    private final boolean command;
    private List<Parameters> batch;
    /** The session's {@link LogicalSession#schemaChanges} when the physical statements were prepared. */
    private long preparedAfter;
    /**
     * Prepared on the servers even where Connector/J would prepare it on the client (a CALL): the
     * front end's pass-through runs it on the server's statement, whose OUT parameters come back as
     * the server sends them.
     */
    private boolean onServers;

    LogicalPreparedStatement(LogicalConnection connection, StatementOptions options, String sql, SqlInfo info) {
        super(connection, options, info.parameterCount());
        this.sql = sql;
        this.info = info;
        this.command = info.answeredByDriver();
    }

    @Override
    protected Statement create(PhysicalSession ps) throws SQLException {
        return onServers ? ConnectorJ.serverPrepare(ps.connection(), sql) : options.prepareStatement(ps.connection(), sql);
    }

    /** Prepares the statement on the servers from now on, whatever Connector/J would choose (see {@link #onServers}). */
    void prepareOnServers() {
        onServers = true;
    }

    /**
     * Physical statements prepared before the session's last DDL are closed, to be prepared again
     * where they next run: a server prepares its statement again itself when a table changed (a
     * {@code SELECT *} gains a column), but Connector/J then reads the result against the columns of
     * its own prepare and fails. A failed close leaves nothing behind: the statement is gone with
     * its connection.
     */
    @Override
    protected void beforeExecution() {
        long changes = session.schemaChanges();
        if (changes != preparedAfter) {
            closePhysicals();
            preparedAfter = changes;
        }
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        if (command) {
            return query(sql, info);
        }
        return wrapped(run(info, sql, parameters, null, st -> {
            parameters.applyTo((PreparedStatement) st);
            return ((PreparedStatement) st).executeQuery();
        }));
    }

    @Override
    public int executeUpdate() throws SQLException {
        return (int) executeLargeUpdate();
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        if (command) {
            return executeLargeUpdate(sql, info, GeneratedKeys.NONE);
        }
        return run(info, sql, parameters, 0L, st -> {
            parameters.applyTo((PreparedStatement) st);
            return ((PreparedStatement) st).executeLargeUpdate();
        });
    }

    @Override
    public boolean execute() throws SQLException {
        return execute((InputStream) null);
    }

    /**
     * execute with the servers' LOAD DATA LOCAL INFILE requests answered from {@code files} (the front
     * end's client, {@link PreClassified}); from none ({@link LocalInfiles#NO_FILE}) when null.
     */
    final boolean execute(InputStream files) throws SQLException {
        if (command) {
            return execute(sql, info, GeneratedKeys.NONE, files);
        }
        PhysicalCall<Boolean> call = st -> {
            parameters.applyTo((PreparedStatement) st);
            return ((PreparedStatement) st).execute();
        };
        boolean hasResult = run(info, sql, parameters, false,
                files == null ? call : st -> LocalInfiles.lend(st, files, call));
        if (hasResult) {
            wrappedResultSet();
        }
        return hasResult;
    }

    /**
     * The front end's pass-through of an execution with the parameters set: routed by them, then run
     * on the server's own prepared statement with {@code longData} and {@code parameters}, the
     * client's as a server takes them (see {@link PacketRelay#execute}), the reply handed to
     * {@code sink} as it comes. Run as {@link #execute()} instead (its results then say what) when the
     * statement runs as text, its server could not prepare it, or its connection cannot relay
     * (compressed).
     */
    final PreClassified.Relayed relay(byte[][] longData, byte[] parameters, RelaySink sink) throws SQLException {
        if (command) {
            return PreClassified.Relayed.answered(execute());
        }
        PreClassified.Relayed relayed = run(info, sql, this.parameters, PreClassified.Relayed.ANSWERED_WITH_COUNT,
                new RelayedExecution(longData, parameters, sink), sink);
        if (relayed == PreClassified.Relayed.ANSWERED_WITH_ROWS) {
            wrappedResultSet();
        }
        return relayed;
    }

    /**
     * One attempt of {@link #relay}: the client's parameters sent as bytes, or bound through
     * Connector/J where its statement cannot relay. A class, not a lambda, as {@code QueryKill} in
     * {@link PacketRelay}: made on every execution.
     */
    private final class RelayedExecution implements PhysicalCall<PreClassified.Relayed> {
        private final byte[][] longData;
        private final byte[] wire;
        private final RelaySink sink;

        RelayedExecution(byte[][] longData, byte[] wire, RelaySink sink) {
            this.longData = longData;
            this.wire = wire;
            this.sink = sink;
        }

        @Override
        public PreClassified.Relayed call(Statement st) throws SQLException {
            if (PacketRelay.execute(st, longData, wire, sink)) {
                return PreClassified.Relayed.RELAYED;
            }
            parameters.applyTo((PreparedStatement) st);
            return PreClassified.Relayed.answered(((PreparedStatement) st).execute());
        }
    }

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        if (batch == null) {
            batch = new ArrayList<>();
        }
        batch.add(parameters.snapshot());
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch = null;
    }

    /**
     * Outside a transaction, a batch whose entries route to several servers is split by server
     * ({@link BatchSplit}): each part runs there as one physical batch, the parts one after the
     * other; a part that fails does not stop the others unless Connector/J's continueBatchOnError
     * is false (or the connection failed); the counts come back in the entries' order,
     * EXECUTE_FAILED for entries that failed or did not run. Otherwise (in a transaction, with a forced route, or when the
     * statement returns generated keys, which must all come from one physical statement) the whole
     * batch runs on one server as one physical batch.
     */
    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        List<Parameters> entries = batch;
        batch = null;
        if (entries == null || entries.isEmpty()) {
            return new long[0];
        }
        List<RouteDecision> routes = entries.size() > 1 && !options.returnsGeneratedKeys()
                ? session.batchRoutes(info, entries) : null;
        List<BatchSplit.Part> parts = routes == null ? List.of() : BatchSplit.of(routes);
        if (parts.size() <= 1) {
            return runBatch(entries, entries.get(parts.isEmpty() ? 0 : parts.get(0).representative()));
        }
        BatchSplit.Counts counts = new BatchSplit.Counts(entries.size());
        SQLException failure = null;
        for (BatchSplit.Part part : parts) {
            try {
                counts.record(part, runBatch(part.entries().stream().map(entries::get).toList(),
                        entries.get(part.representative())));
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
                if (!(e instanceof BatchUpdateException)) {
                    break; // the connection failed, or the server was not reached: stop
                }
                counts.record(part, ((BatchUpdateException) e).getLargeUpdateCounts());
                if (!connection.continueBatchOnError()) {
                    break; // the application asked to stop at the first failure
                }
            }
        }
        if (failure != null) {
            throw counts.failure(failure);
        }
        return counts.toArray();
    }

    /** Runs entries as one physical batch on the server {@code routedBy} routes to. */
    private long[] runBatch(List<Parameters> entries, Parameters routedBy) throws SQLException {
        return run(info, sql, routedBy, new long[entries.size()], st -> {
            PreparedStatement ps = (PreparedStatement) st;
            ps.clearBatch();
            for (Parameters entry : entries) {
                entry.applyTo(ps);
                ps.addBatch();
            }
            return ps.executeLargeBatch();
        });
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return session.probe(info, parameters, ps -> ((PreparedStatement) physicalFor(ps)).getMetaData());
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        checkOpen();
        return session.probe(info, parameters, ps -> ((PreparedStatement) physicalFor(ps)).getParameterMetaData());
    }

    private static SQLException notOnPrepared() {
        return new SQLException("This method takes SQL text and cannot be called on a PreparedStatement", "S1009");
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public String toString() {
        return "LogicalPreparedStatement{" + sql + "}";
    }
}

package io.obproxy.jdbc;

import io.obproxy.cluster.Deployment;
import io.obproxy.process.ProcessCommands;
import io.obproxy.process.ProcessEntry;
import io.obproxy.process.ProcessRegistry;
import io.obproxy.cluster.ClusterRegistry;
import io.obproxy.session.LogicalSession;
import io.obproxy.session.PhysicalSession;
import io.obproxy.sql.SqlClassifier;
import io.obproxy.sql.SqlInfo;
import io.obproxy.sql.SqlRewrites;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's {@link Connection}: one logical session over physical Connector/J connections
 * to the cluster's servers. JDBC settings become {@link io.obproxy.session.SessionState} changes,
 * replayed where statements run; statements route per execution (see {@link LogicalSession}).
 * Every JDBC call that reaches a server (commit, savepoints, validity, metadata, LOBs) runs through
 * the session's execution pipeline, as statements do. This class makes statements and owns the
 * connection's lifetime; its calls on the session are {@link SessionConnection}'s, settings no
 * server sees {@link ConnectionSettings}', what the processlist sees {@link ConnectionProcess}'.
 */
final class LogicalConnection extends SessionConnection {
    private static final Logger log = LoggerFactory.getLogger(LogicalConnection.class);

    private final String url;
    private final ClusterRegistry registry;
    private final Deployment deployment;
    private final SqlClassifier classifier;
    private final PhysicalConnector connector;
    private final boolean cursorFetch;
    private final AtomicBoolean released = new AtomicBoolean();
    private final ConnectionProcess process;

    /**
     * @param processes the logical connections of the driver instance (or front end) this one belongs to
     * @param process   the connection's entry there; this connection attaches itself to it
     */
    LogicalConnection(DriverConfig config, String url, ClusterRegistry registry, Deployment deployment,
                      LogicalSession session, SqlClassifier classifier, PhysicalConnector connector,
                      ProcessRegistry processes, ProcessEntry process) {
        super(config, session);
        this.url = url;
        this.registry = registry;
        this.deployment = deployment;
        this.classifier = classifier;
        this.connector = connector;
        this.cursorFetch = Boolean.parseBoolean(connector.property("useCursorFetch"));
        this.process = new ConnectionProcess(config, deployment, session, processes, process);
    }

    ProcessEntry process() {
        return process.entry();
    }

    /** @return who runs a process command on this connection (see {@link ConnectionProcess#caller}) */
    ProcessCommands.Caller caller() {
        return process.caller();
    }

    SqlClassifier classifier() {
        return classifier;
    }

    /** @return true when a result set with this fetch size is read from the server while open */
    boolean isStreaming(int fetchSize) {
        return fetchSize == Integer.MIN_VALUE || (cursorFetch && fetchSize > 0);
    }

    String redactedUrl() {
        return ConnectionUrl.redact(url);
    }

    // ------------------------------------------------------------------ statements

    @Override
    public Statement createStatement() throws SQLException {
        return createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, holdability());
    }

    @Override
    public Statement createStatement(int type, int concurrency) throws SQLException {
        return createStatement(type, concurrency, holdability());
    }

    @Override
    public Statement createStatement(int type, int concurrency, int resultHoldability) throws SQLException {
        checkOpen();
        return new LogicalStatement(this, new StatementOptions(type, concurrency, resultHoldability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return prepare(sql, StatementOptions.defaults(holdability()));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency) throws SQLException {
        return prepare(sql, new StatementOptions(type, concurrency, holdability()));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency, int resultHoldability)
            throws SQLException {
        return prepare(sql, new StatementOptions(type, concurrency, resultHoldability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return prepare(sql, StatementOptions.defaults(holdability()).withGeneratedKeys(autoGeneratedKeys));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return prepare(sql, StatementOptions.defaults(holdability()).withKeyColumns(columnIndexes.clone()));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return prepare(sql, StatementOptions.defaults(holdability()).withKeyColumns(columnNames.clone()));
    }

    private PreparedStatement prepare(String sql, StatementOptions options) throws SQLException {
        if (sql == null) {
            throw new SQLException("SQL is null", "S1009");
        }
        return prepare(sql, classifier.classify(sql), options);
    }

    /** prepareStatement of a text classified already, with the default options (the front end: {@link PreClassified}). */
    PreparedStatement prepare(String sql, SqlInfo info) throws SQLException {
        return prepare(sql, info, StatementOptions.defaults(holdability()));
    }

    private PreparedStatement prepare(String sql, SqlInfo info, StatementOptions options) throws SQLException {
        checkOpen();
        if (info.has(SqlInfo.FLAG_CONNECTION_ID)) {
            String rewritten = SqlRewrites.connectionId(sql, process.entry().id());
            return new LogicalPreparedStatement(this, options, rewritten, classifier.classify(rewritten));
        }
        return new LogicalPreparedStatement(this, options, sql, info);
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return prepareCall(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, holdability());
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency) throws SQLException {
        return prepareCall(sql, type, concurrency, holdability());
    }

    /** Callables are pinned: prepared on the session's current server, which it keeps until closed. */
    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency, int resultHoldability)
            throws SQLException {
        checkOpen();
        return session.call(LogicalCallableStatement.CALL, ps -> {
            CallableStatement physical = ps.connection().prepareCall(sql, type, concurrency, resultHoldability);
            session.openCallable(ps);
            return new LogicalCallableStatement(this, physical, ps, sql);
        });
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        checkOpen();
        return session.probe(ps -> ps.connection().nativeSQL(sql));
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        return new LogicalDatabaseMetaData(this, session.probe(ps -> ps.connection().getMetaData()));
    }

    // ------------------------------------------------------------------ lifetime and requests

    @Override
    public void endRequest() throws SQLException {
        if (!session.isClosed() && config.getBoolean(ObProxyProperty.RESET_STATE_ON_END_REQUEST)) {
            resetSessionState();
        }
    }

    @Override
    public void resetSessionState() throws SQLException {
        checkOpen();
        session.resetSqlState();
    }

    @Override
    public void close() throws SQLException {
        if (session.isClosed()) {
            return;
        }
        session.close();
        release();
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw new SQLException("abort: executor is null", "S1009");
        }
        if (session.isClosed()) {
            return;
        }
        session.abort();
        release();
    }

    /** The session was killed (here or from another instance): let go, and tell whoever watches the entry. */
    void killed() {
        release();
        process.entry().killed();
    }

    /** Lets go of what the connection holds: its processlist entry, its clusters. Once. */
    void release() {
        if (released.compareAndSet(false, true)) {
            process.unregister();
            for (Deployment.Member m : deployment.members()) {
                registry.release(m.cluster());
            }
            log.debug("connection to {} closed", deployment.current().key().seeds());
        }
    }

    /** @return Connector/J's continueBatchOnError, as configured (see {@link DriverConfig#continueBatchOnError}) */
    boolean continueBatchOnError() {
        return config.continueBatchOnError();
    }

    @Override
    public String toString() {
        return "ObProxyConnection{" + deployment.current().key().seeds() + ", user=" + config.user().serverLogin()
                + ", servers=" + physicalServers() + "}";
    }
}

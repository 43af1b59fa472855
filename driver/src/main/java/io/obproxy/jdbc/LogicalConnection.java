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
import io.obproxy.sql.StatementParser;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's {@link Connection}: one logical session over physical Connector/J connections
 * to the cluster's servers. JDBC settings become {@link io.obproxy.session.SessionState} changes,
 * replayed where statements run; statements route per execution (see {@link LogicalSession}).
 */
final class LogicalConnection implements Connection, ObProxyConnection, ProcessEntry.Target {
    private static final Logger log = LoggerFactory.getLogger(LogicalConnection.class);
    /** Classification of work that may run on any server: JDBC calls that need some physical connection. */
    private static final SqlInfo ANY_SERVER = StatementParser.parse("SELECT 1");

    private final DriverConfig config;
    private final String url;
    private final ClusterRegistry registry;
    private final Deployment deployment;
    private final LogicalSession session;
    private final SqlClassifier classifier;
    private final PhysicalConnector connector;
    private final boolean cursorFetch;
    private final AtomicBoolean released = new AtomicBoolean();
    private final Properties clientInfo = new Properties();
    private Map<String, Class<?>> typeMap = new HashMap<>();
    private int holdability = ResultSet.HOLD_CURSORS_OVER_COMMIT;

    private final ProcessRegistry processes;
    private final ProcessEntry process;

    /**
     * @param processes the logical connections of the driver instance (or front end) this one belongs to
     * @param process   the connection's entry there; this connection attaches itself to it
     */
    LogicalConnection(DriverConfig config, String url, ClusterRegistry registry, Deployment deployment,
                      LogicalSession session, SqlClassifier classifier, PhysicalConnector connector,
                      ProcessRegistry processes, ProcessEntry process) {
        this.processes = processes;
        this.process = process;
        this.config = config;
        this.url = url;
        this.registry = registry;
        this.deployment = deployment;
        this.session = session;
        this.classifier = classifier;
        this.connector = connector;
        this.cursorFetch = Boolean.parseBoolean(connector.property("useCursorFetch"));
        process.attach(this);
    }

    LogicalSession session() {
        return session;
    }

    ProcessEntry process() {
        return process;
    }

    /** @return who runs a process command on this connection: its entry, admin or not, its cluster */
    ProcessCommands.Caller caller() {
        String admins = config.get(ObProxyProperty.ADMIN_USERS);
        boolean admin = admins != null && java.util.Arrays.stream(admins.split(","))
                .anyMatch(a -> a.trim().equals(process.user()));
        return new ProcessCommands.Caller(processes, process, admin,
                config.getBoolean(ObProxyProperty.CLUSTER_WIDE_PROCESSLIST) ? deployment.current() : null);
    }

    // ------------------------------------------------------------------ KILL (ProcessEntry.Target)

    @Override
    public void killQuery() {
        session.killQuery();
    }

    @Override
    public void killConnection() {
        session.kill(); // its kill watch releases this connection
    }

    @Override
    public String database() {
        String catalog = session.catalog();
        return catalog != null ? catalog : config.database();
    }

    @Override
    public List<List<String>> physicalSessions() {
        List<List<String>> rows = new ArrayList<>();
        PhysicalSession pinned = session.pinnedServer();
        for (PhysicalSession ps : session.physicalSessions()) {
            rows.add(List.of(ps.server().toString(), Long.toString(ps.serverThreadId()), Long.toString(ps.syncedVersion()),
                    Long.toString(session.stateVersion()), Boolean.toString(ps == pinned)));
        }
        return rows;
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
        return createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, holdability);
    }

    @Override
    public Statement createStatement(int type, int concurrency) throws SQLException {
        return createStatement(type, concurrency, holdability);
    }

    @Override
    public Statement createStatement(int type, int concurrency, int resultHoldability) throws SQLException {
        checkOpen();
        return new LogicalStatement(this, new StatementOptions(type, concurrency, resultHoldability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return prepare(sql, StatementOptions.defaults(holdability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency) throws SQLException {
        return prepare(sql, new StatementOptions(type, concurrency, holdability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency, int resultHoldability)
            throws SQLException {
        return prepare(sql, new StatementOptions(type, concurrency, resultHoldability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return prepare(sql, StatementOptions.defaults(holdability).withGeneratedKeys(autoGeneratedKeys));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return prepare(sql, StatementOptions.defaults(holdability).withKeyColumns(columnIndexes.clone()));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return prepare(sql, StatementOptions.defaults(holdability).withKeyColumns(columnNames.clone()));
    }

    private PreparedStatement prepare(String sql, StatementOptions options) throws SQLException {
        if (sql == null) {
            throw new SQLException("SQL is null", "S1009");
        }
        return prepare(sql, classifier.classify(sql), options);
    }

    /** prepareStatement of a text classified already, with the default options (the front end: {@link PreClassified}). */
    PreparedStatement prepare(String sql, SqlInfo info) throws SQLException {
        return prepare(sql, info, StatementOptions.defaults(holdability));
    }

    private PreparedStatement prepare(String sql, SqlInfo info, StatementOptions options) throws SQLException {
        checkOpen();
        if (info.has(SqlInfo.FLAG_CONNECTION_ID)) {
            String rewritten = SqlRewrites.connectionId(sql, process.id());
            return new LogicalPreparedStatement(this, options, rewritten, classifier.classify(rewritten));
        }
        return new LogicalPreparedStatement(this, options, sql, info);
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return prepareCall(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, holdability);
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency) throws SQLException {
        return prepareCall(sql, type, concurrency, holdability);
    }

    /** Callables are pinned: prepared on the session's current server, which it keeps until closed. */
    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency, int resultHoldability)
            throws SQLException {
        checkOpen();
        PhysicalSession ps = session.prepare(LogicalCallableStatement.CALL);
        CallableStatement physical = ps.connection().prepareCall(sql, type, concurrency, resultHoldability);
        session.openCallable(ps);
        return new LogicalCallableStatement(this, physical, ps, sql);
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        checkOpen();
        return usedOrDefault().connection().nativeSQL(sql);
    }

    // ------------------------------------------------------------------ transactions

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        session.setAutoCommit(autoCommit);
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return session.autoCommit();
    }

    @Override
    public void commit() throws SQLException {
        checkOpen();
        if (session.autoCommit()) {
            throw new SQLException("Cannot commit when autocommit is enabled", "08003");
        }
        session.commit();
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
        if (session.autoCommit()) {
            throw new SQLException("Cannot rollback when autocommit is enabled", "08003");
        }
        session.rollback();
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        checkOpen();
        PhysicalSession ps = session.transactionSession();
        Savepoint sp = ps.connection().setSavepoint();
        session.transactionMayHaveStarted(ps);
        return sp;
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        checkOpen();
        PhysicalSession ps = session.transactionSession();
        Savepoint sp = ps.connection().setSavepoint(name);
        session.transactionMayHaveStarted(ps);
        return sp;
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        pinnedForSavepoint().connection().rollback(savepoint);
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        pinnedForSavepoint().connection().releaseSavepoint(savepoint);
    }

    private PhysicalSession pinnedForSavepoint() throws SQLException {
        checkOpen();
        PhysicalSession ps = session.pinnedServer();
        if (ps == null) {
            throw new SQLException("No transaction is open, so no savepoint exists", "3B001");
        }
        return ps;
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        if (level != TRANSACTION_READ_UNCOMMITTED && level != TRANSACTION_READ_COMMITTED
                && level != TRANSACTION_REPEATABLE_READ && level != TRANSACTION_SERIALIZABLE) {
            throw new SQLException("Invalid transaction isolation " + level + ": expected one of Connection's"
                    + " TRANSACTION_* levels other than NONE", "S1009");
        }
        session.setIsolation(level);
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        int level = session.isolation();
        if (level >= 0) {
            return level;
        }
        return usedOrDefault().connection().getTransactionIsolation();
    }

    // ------------------------------------------------------------------ session settings

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        checkOpen();
        if (readOnly != session.readOnly()) {
            session.setReadOnly(readOnly);
        }
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return session.readOnly();
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        checkOpen();
        if (catalog != null && !catalog.equals(getCatalog())) {
            session.setCatalog(catalog);
        }
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        String catalog = session.catalog();
        return catalog != null ? catalog : config.database();
    }

    /** As Connector/J with its default {@code databaseTerm=CATALOG}: schemas are not used. */
    @Override
    public void setSchema(String schema) throws SQLException {
        checkOpen();
    }

    @Override
    public String getSchema() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        checkOpen();
        if (holdability != ResultSet.HOLD_CURSORS_OVER_COMMIT && holdability != ResultSet.CLOSE_CURSORS_AT_COMMIT) {
            throw new SQLException("Invalid holdability " + holdability, "S1009");
        }
        this.holdability = holdability;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return holdability;
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        checkOpen();
        return typeMap;
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        checkOpen();
        typeMap = map == null ? new HashMap<>() : map;
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (value == null) {
            clientInfo.remove(name);
        } else {
            clientInfo.setProperty(name, value);
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        clientInfo.clear();
        if (properties != null) {
            clientInfo.putAll(properties);
        }
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        checkOpen();
        return clientInfo.getProperty(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        checkOpen();
        Properties copy = new Properties();
        copy.putAll(clientInfo);
        return copy;
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen();
        if (milliseconds < 0) {
            throw new SQLException("Invalid network timeout " + milliseconds + " ms: expected >= 0", "S1009");
        }
        session.setNetworkTimeout(executor, milliseconds);
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen();
        return session.networkTimeout();
    }

    // ------------------------------------------------------------------ metadata, warnings, validity

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        return new LogicalDatabaseMetaData(this, usedOrDefault().connection().getMetaData());
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        PhysicalSession last = session.last();
        return last == null ? null : last.connection().getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        for (PhysicalSession ps : session.physicalSessions()) {
            ps.connection().clearWarnings();
        }
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) {
            throw new SQLException("Invalid timeout " + timeout + ": expected >= 0", "S1009");
        }
        if (session.isClosed()) {
            return false;
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            PhysicalSession ps = null;
            try {
                ps = usedOrDefault();
                if (ps.connection().isValid(timeout)) {
                    return true;
                }
            } catch (SQLException e) {
                // that server cannot be reached: one more try on the default route
            }
            if (ps == null || session.pinnedServer() == ps) {
                return false; // nothing reachable, or the session's pinned state is gone with it
            }
            session.failedValidation(ps);
        }
        return false;
    }

    // ------------------------------------------------------------------ LOBs and types

    @Override
    public Clob createClob() throws SQLException {
        return anyPhysical().createClob();
    }

    @Override
    public Blob createBlob() throws SQLException {
        return anyPhysical().createBlob();
    }

    @Override
    public NClob createNClob() throws SQLException {
        return anyPhysical().createNClob();
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        return anyPhysical().createSQLXML();
    }

    private Connection anyPhysical() throws SQLException {
        checkOpen();
        return usedOrDefault().connection();
    }

    /** @return the physical session used last, or the default route's (opened if need be) */
    private PhysicalSession usedOrDefault() throws SQLException {
        PhysicalSession last = session.last();
        return last != null ? last : session.prepare(ANY_SERVER);
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        throw new SQLFeatureNotSupportedException("createArrayOf: MySQL mode has no ARRAY type");
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        throw new SQLFeatureNotSupportedException("createStruct: MySQL mode has no STRUCT type");
    }

    // ------------------------------------------------------------------ lifetime and requests

    @Override
    public void beginRequest() {
        // nothing to prepare: physical connections open on demand
    }

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
    public void setSessionVariables(Map<String, String> variables) throws SQLException {
        checkOpen();
        session.setSystemVariables(variables);
    }

    @Override
    public String lastServer() {
        PhysicalSession last = session.last();
        return last == null ? null : last.server().toString();
    }

    @Override
    public List<String> physicalServers() {
        List<String> servers = new ArrayList<>();
        for (PhysicalSession ps : session.physicalSessions()) {
            servers.add(ps.server().toString());
        }
        return servers;
    }

    @Override
    public boolean inTransaction() {
        return session.inTransaction();
    }

    @Override
    public List<String> pinReasons() {
        return session.pinReasons();
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
        process.killed();
    }

    /** Lets go of what the connection holds: its processlist entry, its clusters. Once. */
    void release() {
        if (released.compareAndSet(false, true)) {
            processes.unregister(process);
            for (Deployment.Member m : deployment.members()) {
                registry.release(m.cluster());
            }
            log.debug("connection to {} closed", deployment.current().key().seeds());
        }
    }

    @Override
    public boolean isClosed() {
        return session.isClosed();
    }

    /** @return Connector/J's continueBatchOnError, as configured (see {@link DriverConfig#continueBatchOnError}) */
    boolean continueBatchOnError() {
        return config.continueBatchOnError();
    }

    void checkOpen() throws SQLException {
        if (session.isClosed()) {
            throw new SQLException("Connection is closed", "08003");
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

    @Override
    public String toString() {
        return "ObProxyConnection{" + deployment.current().key().seeds() + ", user=" + config.user().serverLogin()
                + ", servers=" + physicalServers() + "}";
    }
}

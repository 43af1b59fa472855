package io.obproxy.jdbc;

import io.obproxy.session.LogicalSession;
import io.obproxy.session.PhysicalSession;
import io.obproxy.session.ServerWork;
import io.obproxy.session.SessionChange;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The application's {@link java.sql.Connection} as calls on its {@link LogicalSession}:
 * transactions and savepoints, JDBC session settings (recorded, replayed where statements run),
 * warnings, validity, LOBs and the driver's own diagnostics ({@link ObProxyConnection}).
 * What reaches a server runs through the session's execution pipeline ({@link LogicalSession#call},
 * {@link LogicalSession#probe}): routed, retried and fed back as statements are.
 */
abstract class SessionConnection extends ConnectionSettings implements ObProxyConnection {
    protected final DriverConfig config;
    protected final LogicalSession session;

    SessionConnection(DriverConfig config, LogicalSession session) {
        this.config = config;
        this.session = session;
    }

    LogicalSession session() {
        return session;
    }

    // ------------------------------------------------------------------ transactions

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        session.transactions().setAutoCommit(autoCommit);
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
        session.transactions().commit();
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
        if (session.autoCommit()) {
            throw new SQLException("Cannot rollback when autocommit is enabled", "08003");
        }
        session.transactions().rollback();
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        checkOpen();
        return session.transactions().setSavepoint(null);
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        checkOpen();
        return session.transactions().setSavepoint(name);
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        checkOpen();
        session.transactions().rollback(savepoint);
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        checkOpen();
        session.transactions().releaseSavepoint(savepoint);
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
        return level >= 0 ? level : session.probe(ps -> ps.connection().getTransactionIsolation());
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
            session.probe(ps -> { // as Connector/J: a database the server does not know fails here (1049)
                ps.connection().setCatalog(catalog);
                return null;
            });
            session.setCatalog(catalog);
        }
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        String catalog = session.catalog();
        return catalog != null ? catalog : config.database();
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

    @Override
    public void setSessionVariables(Map<String, String> variables) throws SQLException {
        checkOpen();
        session.setSystemVariables(variables);
    }

    @Override
    public String sessionVariable(String name) throws SQLException {
        checkOpen();
        return session.systemVariable(name);
    }

    // ------------------------------------------------------------------ metadata, warnings, validity, LOBs

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

    /**
     * True when the server used last (or the default route's) answers within {@code timeout}
     * seconds, all tries together. A server that does not is reported to its cluster and the check
     * moves to another one, as a read would; a session pinned to it has lost what it was pinned for,
     * and the answer is false.
     */
    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) {
            throw new SQLException("Invalid timeout " + timeout + ": expected >= 0", "S1009");
        }
        if (session.isClosed()) {
            return false;
        }
        try {
            ServerWork<Boolean> check = ps -> {
                if (!ps.connection().isValid(timeout)) {
                    throw new SQLException("Server " + ps.server() + " failed a validity check", "08S01");
                }
                return true;
            };
            return timeout == 0 ? session.probe(check) : session.probe(check, timeout * 1000L);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public Clob createClob() throws SQLException {
        checkOpen();
        return session.probe(ps -> ps.connection().createClob());
    }

    @Override
    public Blob createBlob() throws SQLException {
        checkOpen();
        return session.probe(ps -> ps.connection().createBlob());
    }

    @Override
    public NClob createNClob() throws SQLException {
        checkOpen();
        return session.probe(ps -> ps.connection().createNClob());
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        checkOpen();
        return session.probe(ps -> ps.connection().createSQLXML());
    }

    // ------------------------------------------------------------------ diagnostics (ObProxyConnection)

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
    public int serverStatusFlags() {
        PhysicalSession last = session.last();
        return last == null ? 0 : last.statusFlags();
    }

    @Override
    public int serverWarningCount() {
        PhysicalSession last = session.last();
        return last == null ? 0 : last.warningCount();
    }

    @Override
    public List<SessionChange> takeServerSessionChanges() {
        PhysicalSession last = session.last();
        return last == null ? List.of() : last.takeSessionChanges();
    }

    @Override
    public List<String> pinReasons() {
        return session.pinReasons();
    }

    @Override
    public boolean isClosed() {
        return session.isClosed();
    }

    @Override
    void checkOpen() throws SQLException {
        if (session.isClosed()) {
            throw new SQLException("Connection is closed", "08003");
        }
    }
}

package io.obproxy.jdbc;

import io.obproxy.session.PhysicalSession;
import io.obproxy.sql.SqlInfo;
import io.obproxy.sql.StatementParser;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The application's {@link CallableStatement}: prepared on the session's current server, which the
 * session is pinned to until this statement is closed (OUT parameters and result sets live there).
 */
final class LogicalCallableStatement extends DelegatingCallableStatement {
    /** How a callable's executions count for the session: a CALL. */
    static final SqlInfo CALL = StatementParser.parse("CALL p()");

    private final LogicalConnection connection;
    private final PhysicalSession server;
    private boolean closed;

    LogicalCallableStatement(LogicalConnection connection, CallableStatement delegate, PhysicalSession server) {
        super(delegate);
        this.connection = connection;
        this.server = server;
    }

    private void completed() throws SQLException {
        connection.session().completed(CALL, server, true);
    }

    @Override
    public boolean execute() throws SQLException {
        boolean result = delegate.execute();
        completed();
        return result;
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        ResultSet rs = delegate.executeQuery();
        completed();
        return new LogicalResultSet(this, rs, null);
    }

    @Override
    public int executeUpdate() throws SQLException {
        int count = delegate.executeUpdate();
        completed();
        return count;
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        long count = delegate.executeLargeUpdate();
        completed();
        return count;
    }

    @Override
    public int[] executeBatch() throws SQLException {
        int[] counts = delegate.executeBatch();
        completed();
        return counts;
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        ResultSet rs = delegate.getResultSet();
        return rs == null ? null : new LogicalResultSet(this, rs, null);
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        return new LogicalResultSet(this, delegate.getGeneratedKeys(), null);
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        connection.session().closeCallable();
        delegate.close();
    }
}

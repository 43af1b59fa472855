package io.obproxy.jdbc;

import io.obproxy.route.ParameterValues;
import io.obproxy.route.RouteDecision;
import io.obproxy.session.PhysicalSession;
import io.obproxy.sql.SqlInfo;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.BatchUpdateException;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;

/**
 * The application's {@link PreparedStatement}: its SQL, classified once, and its parameters. Each
 * execution routes on its own and runs on that server's physical prepared statement, prepared
 * there on first use (so server-side statements, with {@code useServerPrepStmts=true}, exist only
 * where the statement ran, and all of them are closed with this one).
 */
final class LogicalPreparedStatement extends LogicalStatement implements PreparedStatement {
    private final String sql;
    private final SqlInfo info;
    private final Parameters parameters;
    /** A statement the driver answers itself (SHOW PROCESSLIST, KILL, EXPLAIN ROUTE...): answered at each execution. */
    private final boolean command;
    private List<Parameters> batch;

    LogicalPreparedStatement(LogicalConnection connection, StatementOptions options, String sql, SqlInfo info) {
        super(connection, options);
        this.sql = sql;
        this.info = info;
        this.parameters = new Parameters(info.parameterCount());
        this.command = info.answeredByDriver();
    }

    @Override
    protected Statement create(PhysicalSession ps) throws SQLException {
        return options.prepareStatement(ps.connection(), sql);
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        if (command) {
            return query(sql, info);
        }
        return wrap(run(info, sql, parameters, null, st -> {
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
            return executeLargeUpdate(sql, info, -1, null, null);
        }
        return run(info, sql, parameters, 0L, st -> {
            parameters.applyTo((PreparedStatement) st);
            return ((PreparedStatement) st).executeLargeUpdate();
        });
    }

    @Override
    public boolean execute() throws SQLException {
        if (command) {
            return execute(sql, info, -1, null, null);
        }
        boolean hasResult = run(info, sql, parameters, false, st -> {
            parameters.applyTo((PreparedStatement) st);
            return ((PreparedStatement) st).execute();
        });
        if (hasResult) {
            wrap(getPhysicalResultSet());
        }
        return hasResult;
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

    @Override
    public int[] executeBatch() throws SQLException {
        return toIntCounts(executeLargeBatch());
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

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        parameters.clear();
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

    // ------------------------------------------------------------------ setters: recorded, replayed per execution

    /** Records a setter whose value routing cannot use (streams, LOBs, values with a Calendar). */
    private void set(int index, Parameters.Binder binder) throws SQLException {
        set(index, ParameterValues.UNKNOWN, binder);
    }

    private void set(int index, Object routingValue, Parameters.Binder binder) throws SQLException {
        checkOpen();
        parameters.set(index, routingValue, binder);
    }

    @Override
    public void setNull(int i, int sqlType) throws SQLException {
        set(i, null, (ps, n) -> ps.setNull(n, sqlType));
    }

    @Override
    public void setNull(int i, int sqlType, String typeName) throws SQLException {
        set(i, null, (ps, n) -> ps.setNull(n, sqlType, typeName));
    }

    @Override
    public void setBoolean(int i, boolean x) throws SQLException {
        set(i, (ps, n) -> ps.setBoolean(n, x));
    }

    @Override
    public void setByte(int i, byte x) throws SQLException {
        set(i, (long) x, (ps, n) -> ps.setByte(n, x));
    }

    @Override
    public void setShort(int i, short x) throws SQLException {
        set(i, (long) x, (ps, n) -> ps.setShort(n, x));
    }

    @Override
    public void setInt(int i, int x) throws SQLException {
        set(i, (long) x, (ps, n) -> ps.setInt(n, x));
    }

    @Override
    public void setLong(int i, long x) throws SQLException {
        set(i, x, (ps, n) -> ps.setLong(n, x));
    }

    @Override
    public void setFloat(int i, float x) throws SQLException {
        set(i, (double) x, (ps, n) -> ps.setFloat(n, x));
    }

    @Override
    public void setDouble(int i, double x) throws SQLException {
        set(i, x, (ps, n) -> ps.setDouble(n, x));
    }

    @Override
    public void setBigDecimal(int i, BigDecimal x) throws SQLException {
        set(i, x, (ps, n) -> ps.setBigDecimal(n, x));
    }

    @Override
    public void setString(int i, String x) throws SQLException {
        set(i, x, (ps, n) -> ps.setString(n, x));
    }

    @Override
    public void setNString(int i, String x) throws SQLException {
        set(i, x, (ps, n) -> ps.setNString(n, x));
    }

    @Override
    public void setBytes(int i, byte[] x) throws SQLException {
        set(i, x == null ? null : x.clone(), (ps, n) -> ps.setBytes(n, x));
    }

    @Override
    public void setDate(int i, Date x) throws SQLException {
        set(i, routable(x), (ps, n) -> ps.setDate(n, x));
    }

    @Override
    public void setDate(int i, Date x, Calendar cal) throws SQLException {
        set(i, (ps, n) -> ps.setDate(n, x, cal));
    }

    @Override
    public void setTime(int i, Time x) throws SQLException {
        set(i, routable(x), (ps, n) -> ps.setTime(n, x));
    }

    @Override
    public void setTime(int i, Time x, Calendar cal) throws SQLException {
        set(i, (ps, n) -> ps.setTime(n, x, cal));
    }

    @Override
    public void setTimestamp(int i, Timestamp x) throws SQLException {
        set(i, routable(x), (ps, n) -> ps.setTimestamp(n, x));
    }

    @Override
    public void setTimestamp(int i, Timestamp x, Calendar cal) throws SQLException {
        set(i, (ps, n) -> ps.setTimestamp(n, x, cal));
    }

    @Override
    public void setObject(int i, Object x) throws SQLException {
        set(i, routable(x), (ps, n) -> ps.setObject(n, x));
    }

    @Override
    public void setObject(int i, Object x, int targetSqlType) throws SQLException {
        set(i, routable(x), (ps, n) -> ps.setObject(n, x, targetSqlType));
    }

    @Override
    public void setObject(int i, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        set(i, routable(x), (ps, n) -> ps.setObject(n, x, targetSqlType, scaleOrLength));
    }

    @Override
    public void setObject(int i, Object x, SQLType targetSqlType) throws SQLException {
        set(i, routable(x), (ps, n) -> ps.setObject(n, x, targetSqlType));
    }

    @Override
    public void setObject(int i, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        set(i, routable(x), (ps, n) -> ps.setObject(n, x, targetSqlType, scaleOrLength));
    }

    @Override
    public void setAsciiStream(int i, InputStream x) throws SQLException {
        set(i, (ps, n) -> ps.setAsciiStream(n, x));
    }

    @Override
    public void setAsciiStream(int i, InputStream x, int length) throws SQLException {
        set(i, (ps, n) -> ps.setAsciiStream(n, x, length));
    }

    @Override
    public void setAsciiStream(int i, InputStream x, long length) throws SQLException {
        set(i, (ps, n) -> ps.setAsciiStream(n, x, length));
    }

    @Override
    @Deprecated
    public void setUnicodeStream(int i, InputStream x, int length) throws SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("setUnicodeStream is deprecated; use setCharacterStream");
    }

    @Override
    public void setBinaryStream(int i, InputStream x) throws SQLException {
        set(i, (ps, n) -> ps.setBinaryStream(n, x));
    }

    @Override
    public void setBinaryStream(int i, InputStream x, int length) throws SQLException {
        set(i, (ps, n) -> ps.setBinaryStream(n, x, length));
    }

    @Override
    public void setBinaryStream(int i, InputStream x, long length) throws SQLException {
        set(i, (ps, n) -> ps.setBinaryStream(n, x, length));
    }

    @Override
    public void setCharacterStream(int i, Reader x) throws SQLException {
        set(i, (ps, n) -> ps.setCharacterStream(n, x));
    }

    @Override
    public void setCharacterStream(int i, Reader x, int length) throws SQLException {
        set(i, (ps, n) -> ps.setCharacterStream(n, x, length));
    }

    @Override
    public void setCharacterStream(int i, Reader x, long length) throws SQLException {
        set(i, (ps, n) -> ps.setCharacterStream(n, x, length));
    }

    @Override
    public void setNCharacterStream(int i, Reader x) throws SQLException {
        set(i, (ps, n) -> ps.setNCharacterStream(n, x));
    }

    @Override
    public void setNCharacterStream(int i, Reader x, long length) throws SQLException {
        set(i, (ps, n) -> ps.setNCharacterStream(n, x, length));
    }

    @Override
    public void setRef(int i, Ref x) throws SQLException {
        set(i, (ps, n) -> ps.setRef(n, x));
    }

    @Override
    public void setBlob(int i, Blob x) throws SQLException {
        set(i, (ps, n) -> ps.setBlob(n, x));
    }

    @Override
    public void setBlob(int i, InputStream x) throws SQLException {
        set(i, (ps, n) -> ps.setBlob(n, x));
    }

    @Override
    public void setBlob(int i, InputStream x, long length) throws SQLException {
        set(i, (ps, n) -> ps.setBlob(n, x, length));
    }

    @Override
    public void setClob(int i, Clob x) throws SQLException {
        set(i, (ps, n) -> ps.setClob(n, x));
    }

    @Override
    public void setClob(int i, Reader x) throws SQLException {
        set(i, (ps, n) -> ps.setClob(n, x));
    }

    @Override
    public void setClob(int i, Reader x, long length) throws SQLException {
        set(i, (ps, n) -> ps.setClob(n, x, length));
    }

    @Override
    public void setNClob(int i, NClob x) throws SQLException {
        set(i, (ps, n) -> ps.setNClob(n, x));
    }

    @Override
    public void setNClob(int i, Reader x) throws SQLException {
        set(i, (ps, n) -> ps.setNClob(n, x));
    }

    @Override
    public void setNClob(int i, Reader x, long length) throws SQLException {
        set(i, (ps, n) -> ps.setNClob(n, x, length));
    }

    @Override
    public void setArray(int i, Array x) throws SQLException {
        set(i, (ps, n) -> ps.setArray(n, x));
    }

    @Override
    public void setURL(int i, URL x) throws SQLException {
        set(i, (ps, n) -> ps.setURL(n, x));
    }

    @Override
    public void setRowId(int i, RowId x) throws SQLException {
        set(i, (ps, n) -> ps.setRowId(n, x));
    }

    @Override
    public void setSQLXML(int i, SQLXML x) throws SQLException {
        set(i, (ps, n) -> ps.setSQLXML(n, x));
    }

    /**
     * @return the value in a form routing can use (numbers, text, bytes, null, local dates and times;
     * JDBC's date types as the local values Connector/J sends by default), else UNKNOWN
     */
    private static Object routable(Object x) {
        if (x == null || x instanceof Number || x instanceof String || x instanceof LocalDate
                || x instanceof LocalDateTime || x instanceof LocalTime) {
            return x;
        }
        if (x instanceof Date) {
            return ((Date) x).toLocalDate();
        }
        if (x instanceof Timestamp) {
            return ((Timestamp) x).toLocalDateTime();
        }
        if (x instanceof Time) {
            return ((Time) x).toLocalTime();
        }
        return x instanceof byte[] ? ((byte[]) x).clone() : ParameterValues.UNKNOWN;
    }

    @Override
    public String toString() {
        return "LogicalPreparedStatement{" + sql + "}";
    }
}

package io.obproxy.jdbc;

import io.obproxy.route.ParameterValues;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Calendar;

/**
 * The setters of the application's {@link PreparedStatement}: each records its value in
 * {@link Parameters}, in a form routing can read when it can ({@link #routable}), and a binder that
 * sets it again on the physical statement of each execution, whichever server that runs on.
 * {@link LogicalPreparedStatement} adds the executions.
 */
abstract class ParameterBinding extends LogicalStatement implements PreparedStatement {
    // Setters whose recorded value is the value they bind set it from there: no binder made per call.
    private static final Parameters.Binder BYTE = (ps, n, v) -> ps.setByte(n, ((Long) v).byteValue());
    private static final Parameters.Binder SHORT = (ps, n, v) -> ps.setShort(n, ((Long) v).shortValue());
    private static final Parameters.Binder INT = (ps, n, v) -> ps.setInt(n, ((Long) v).intValue());
    private static final Parameters.Binder LONG = (ps, n, v) -> ps.setLong(n, (Long) v);
    private static final Parameters.Binder FLOAT = (ps, n, v) -> ps.setFloat(n, ((Double) v).floatValue());
    private static final Parameters.Binder DOUBLE = (ps, n, v) -> ps.setDouble(n, (Double) v);
    private static final Parameters.Binder BIG_DECIMAL = (ps, n, v) -> ps.setBigDecimal(n, (BigDecimal) v);
    private static final Parameters.Binder STRING = (ps, n, v) -> ps.setString(n, (String) v);
    private static final Parameters.Binder NSTRING = (ps, n, v) -> ps.setNString(n, (String) v);
    /** Binds the copy taken when the value was set (what routing read), not the caller's array as it is later. */
    private static final Parameters.Binder BYTES = (ps, n, v) -> ps.setBytes(n, (byte[]) v);

    protected final Parameters parameters;

    ParameterBinding(LogicalConnection connection, StatementOptions options, int parameterCount) {
        super(connection, options);
        this.parameters = new Parameters(parameterCount);
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        parameters.clear();
    }

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
        set(i, null, (ps, n, v) -> ps.setNull(n, sqlType));
    }

    @Override
    public void setNull(int i, int sqlType, String typeName) throws SQLException {
        set(i, null, (ps, n, v) -> ps.setNull(n, sqlType, typeName));
    }

    @Override
    public void setBoolean(int i, boolean x) throws SQLException {
        set(i, (ps, n, v) -> ps.setBoolean(n, x));
    }

    @Override
    public void setByte(int i, byte x) throws SQLException {
        set(i, (long) x, BYTE);
    }

    @Override
    public void setShort(int i, short x) throws SQLException {
        set(i, (long) x, SHORT);
    }

    @Override
    public void setInt(int i, int x) throws SQLException {
        set(i, (long) x, INT);
    }

    @Override
    public void setLong(int i, long x) throws SQLException {
        set(i, x, LONG);
    }

    @Override
    public void setFloat(int i, float x) throws SQLException {
        set(i, (double) x, FLOAT);
    }

    @Override
    public void setDouble(int i, double x) throws SQLException {
        set(i, x, DOUBLE);
    }

    @Override
    public void setBigDecimal(int i, BigDecimal x) throws SQLException {
        set(i, x, BIG_DECIMAL);
    }

    @Override
    public void setString(int i, String x) throws SQLException {
        set(i, x, STRING);
    }

    @Override
    public void setNString(int i, String x) throws SQLException {
        set(i, x, NSTRING);
    }

    @Override
    public void setBytes(int i, byte[] x) throws SQLException {
        set(i, x == null ? null : x.clone(), BYTES);
    }

    @Override
    public void setDate(int i, Date x) throws SQLException {
        set(i, routable(x), (ps, n, v) -> ps.setDate(n, x));
    }

    @Override
    public void setDate(int i, Date x, Calendar cal) throws SQLException {
        set(i, (ps, n, v) -> ps.setDate(n, x, cal));
    }

    @Override
    public void setTime(int i, Time x) throws SQLException {
        set(i, routable(x), (ps, n, v) -> ps.setTime(n, x));
    }

    @Override
    public void setTime(int i, Time x, Calendar cal) throws SQLException {
        set(i, (ps, n, v) -> ps.setTime(n, x, cal));
    }

    @Override
    public void setTimestamp(int i, Timestamp x) throws SQLException {
        set(i, routable(x), (ps, n, v) -> ps.setTimestamp(n, x));
    }

    @Override
    public void setTimestamp(int i, Timestamp x, Calendar cal) throws SQLException {
        set(i, (ps, n, v) -> ps.setTimestamp(n, x, cal));
    }

    @Override
    public void setObject(int i, Object x) throws SQLException {
        set(i, routable(x), (ps, n, v) -> ps.setObject(n, x));
    }

    @Override
    public void setObject(int i, Object x, int targetSqlType) throws SQLException {
        set(i, routable(x), (ps, n, v) -> ps.setObject(n, x, targetSqlType));
    }

    @Override
    public void setObject(int i, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        set(i, routable(x), (ps, n, v) -> ps.setObject(n, x, targetSqlType, scaleOrLength));
    }

    @Override
    public void setObject(int i, Object x, SQLType targetSqlType) throws SQLException {
        set(i, routable(x), (ps, n, v) -> ps.setObject(n, x, targetSqlType));
    }

    @Override
    public void setObject(int i, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        set(i, routable(x), (ps, n, v) -> ps.setObject(n, x, targetSqlType, scaleOrLength));
    }

    @Override
    public void setAsciiStream(int i, InputStream x) throws SQLException {
        set(i, (ps, n, v) -> ps.setAsciiStream(n, x));
    }

    @Override
    public void setAsciiStream(int i, InputStream x, int length) throws SQLException {
        set(i, (ps, n, v) -> ps.setAsciiStream(n, x, length));
    }

    @Override
    public void setAsciiStream(int i, InputStream x, long length) throws SQLException {
        set(i, (ps, n, v) -> ps.setAsciiStream(n, x, length));
    }

    @Override
    @Deprecated
    public void setUnicodeStream(int i, InputStream x, int length) throws SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("setUnicodeStream is deprecated; use setCharacterStream");
    }

    @Override
    public void setBinaryStream(int i, InputStream x) throws SQLException {
        set(i, (ps, n, v) -> ps.setBinaryStream(n, x));
    }

    @Override
    public void setBinaryStream(int i, InputStream x, int length) throws SQLException {
        set(i, (ps, n, v) -> ps.setBinaryStream(n, x, length));
    }

    @Override
    public void setBinaryStream(int i, InputStream x, long length) throws SQLException {
        set(i, (ps, n, v) -> ps.setBinaryStream(n, x, length));
    }

    @Override
    public void setCharacterStream(int i, Reader x) throws SQLException {
        set(i, (ps, n, v) -> ps.setCharacterStream(n, x));
    }

    @Override
    public void setCharacterStream(int i, Reader x, int length) throws SQLException {
        set(i, (ps, n, v) -> ps.setCharacterStream(n, x, length));
    }

    @Override
    public void setCharacterStream(int i, Reader x, long length) throws SQLException {
        set(i, (ps, n, v) -> ps.setCharacterStream(n, x, length));
    }

    @Override
    public void setNCharacterStream(int i, Reader x) throws SQLException {
        set(i, (ps, n, v) -> ps.setNCharacterStream(n, x));
    }

    @Override
    public void setNCharacterStream(int i, Reader x, long length) throws SQLException {
        set(i, (ps, n, v) -> ps.setNCharacterStream(n, x, length));
    }

    @Override
    public void setRef(int i, Ref x) throws SQLException {
        set(i, (ps, n, v) -> ps.setRef(n, x));
    }

    @Override
    public void setBlob(int i, Blob x) throws SQLException {
        set(i, (ps, n, v) -> ps.setBlob(n, x));
    }

    @Override
    public void setBlob(int i, InputStream x) throws SQLException {
        set(i, (ps, n, v) -> ps.setBlob(n, x));
    }

    @Override
    public void setBlob(int i, InputStream x, long length) throws SQLException {
        set(i, (ps, n, v) -> ps.setBlob(n, x, length));
    }

    @Override
    public void setClob(int i, Clob x) throws SQLException {
        set(i, (ps, n, v) -> ps.setClob(n, x));
    }

    @Override
    public void setClob(int i, Reader x) throws SQLException {
        set(i, (ps, n, v) -> ps.setClob(n, x));
    }

    @Override
    public void setClob(int i, Reader x, long length) throws SQLException {
        set(i, (ps, n, v) -> ps.setClob(n, x, length));
    }

    @Override
    public void setNClob(int i, NClob x) throws SQLException {
        set(i, (ps, n, v) -> ps.setNClob(n, x));
    }

    @Override
    public void setNClob(int i, Reader x) throws SQLException {
        set(i, (ps, n, v) -> ps.setNClob(n, x));
    }

    @Override
    public void setNClob(int i, Reader x, long length) throws SQLException {
        set(i, (ps, n, v) -> ps.setNClob(n, x, length));
    }

    @Override
    public void setArray(int i, Array x) throws SQLException {
        set(i, (ps, n, v) -> ps.setArray(n, x));
    }

    @Override
    public void setURL(int i, URL x) throws SQLException {
        set(i, (ps, n, v) -> ps.setURL(n, x));
    }

    @Override
    public void setRowId(int i, RowId x) throws SQLException {
        set(i, (ps, n, v) -> ps.setRowId(n, x));
    }

    @Override
    public void setSQLXML(int i, SQLXML x) throws SQLException {
        set(i, (ps, n, v) -> ps.setSQLXML(n, x));
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
}

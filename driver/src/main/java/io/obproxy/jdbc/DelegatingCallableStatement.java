package io.obproxy.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * A CallableStatement that forwards to a Connector/J one (callables are pinned to one server).
 * Every method delegates; subclasses override what the logical layer changes. Boilerplate by design.
 */
@SuppressWarnings("deprecation")
abstract class DelegatingCallableStatement implements CallableStatement {
    protected final CallableStatement delegate;

    DelegatingCallableStatement(CallableStatement delegate) {
        this.delegate = delegate;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || delegate.isWrapperFor(iface);
    }

    @Override
    public void registerOutParameter(int a1, int a2) throws SQLException {
        delegate.registerOutParameter(a1, a2);
    }

    @Override
    public void registerOutParameter(int a1, int a2, int a3) throws SQLException {
        delegate.registerOutParameter(a1, a2, a3);
    }

    @Override
    public boolean wasNull() throws SQLException {
        return delegate.wasNull();
    }

    @Override
    public String getString(int a1) throws SQLException {
        return delegate.getString(a1);
    }

    @Override
    public boolean getBoolean(int a1) throws SQLException {
        return delegate.getBoolean(a1);
    }

    @Override
    public byte getByte(int a1) throws SQLException {
        return delegate.getByte(a1);
    }

    @Override
    public short getShort(int a1) throws SQLException {
        return delegate.getShort(a1);
    }

    @Override
    public int getInt(int a1) throws SQLException {
        return delegate.getInt(a1);
    }

    @Override
    public long getLong(int a1) throws SQLException {
        return delegate.getLong(a1);
    }

    @Override
    public float getFloat(int a1) throws SQLException {
        return delegate.getFloat(a1);
    }

    @Override
    public double getDouble(int a1) throws SQLException {
        return delegate.getDouble(a1);
    }

    @Override
    public BigDecimal getBigDecimal(int a1, int a2) throws SQLException {
        return delegate.getBigDecimal(a1, a2);
    }

    @Override
    public byte[] getBytes(int a1) throws SQLException {
        return delegate.getBytes(a1);
    }

    @Override
    public Date getDate(int a1) throws SQLException {
        return delegate.getDate(a1);
    }

    @Override
    public Time getTime(int a1) throws SQLException {
        return delegate.getTime(a1);
    }

    @Override
    public Timestamp getTimestamp(int a1) throws SQLException {
        return delegate.getTimestamp(a1);
    }

    @Override
    public Object getObject(int a1) throws SQLException {
        return delegate.getObject(a1);
    }

    @Override
    public BigDecimal getBigDecimal(int a1) throws SQLException {
        return delegate.getBigDecimal(a1);
    }

    @Override
    public Object getObject(int a1, Map<String, Class<?>> a2) throws SQLException {
        return delegate.getObject(a1, a2);
    }

    @Override
    public Ref getRef(int a1) throws SQLException {
        return delegate.getRef(a1);
    }

    @Override
    public Blob getBlob(int a1) throws SQLException {
        return delegate.getBlob(a1);
    }

    @Override
    public Clob getClob(int a1) throws SQLException {
        return delegate.getClob(a1);
    }

    @Override
    public Array getArray(int a1) throws SQLException {
        return delegate.getArray(a1);
    }

    @Override
    public Date getDate(int a1, Calendar a2) throws SQLException {
        return delegate.getDate(a1, a2);
    }

    @Override
    public Time getTime(int a1, Calendar a2) throws SQLException {
        return delegate.getTime(a1, a2);
    }

    @Override
    public Timestamp getTimestamp(int a1, Calendar a2) throws SQLException {
        return delegate.getTimestamp(a1, a2);
    }

    @Override
    public void registerOutParameter(int a1, int a2, String a3) throws SQLException {
        delegate.registerOutParameter(a1, a2, a3);
    }

    @Override
    public void registerOutParameter(String a1, int a2) throws SQLException {
        delegate.registerOutParameter(a1, a2);
    }

    @Override
    public void registerOutParameter(String a1, int a2, int a3) throws SQLException {
        delegate.registerOutParameter(a1, a2, a3);
    }

    @Override
    public void registerOutParameter(String a1, int a2, String a3) throws SQLException {
        delegate.registerOutParameter(a1, a2, a3);
    }

    @Override
    public URL getURL(int a1) throws SQLException {
        return delegate.getURL(a1);
    }

    @Override
    public void setURL(String a1, URL a2) throws SQLException {
        delegate.setURL(a1, a2);
    }

    @Override
    public void setNull(String a1, int a2) throws SQLException {
        delegate.setNull(a1, a2);
    }

    @Override
    public void setBoolean(String a1, boolean a2) throws SQLException {
        delegate.setBoolean(a1, a2);
    }

    @Override
    public void setByte(String a1, byte a2) throws SQLException {
        delegate.setByte(a1, a2);
    }

    @Override
    public void setShort(String a1, short a2) throws SQLException {
        delegate.setShort(a1, a2);
    }

    @Override
    public void setInt(String a1, int a2) throws SQLException {
        delegate.setInt(a1, a2);
    }

    @Override
    public void setLong(String a1, long a2) throws SQLException {
        delegate.setLong(a1, a2);
    }

    @Override
    public void setFloat(String a1, float a2) throws SQLException {
        delegate.setFloat(a1, a2);
    }

    @Override
    public void setDouble(String a1, double a2) throws SQLException {
        delegate.setDouble(a1, a2);
    }

    @Override
    public void setBigDecimal(String a1, BigDecimal a2) throws SQLException {
        delegate.setBigDecimal(a1, a2);
    }

    @Override
    public void setString(String a1, String a2) throws SQLException {
        delegate.setString(a1, a2);
    }

    @Override
    public void setBytes(String a1, byte[] a2) throws SQLException {
        delegate.setBytes(a1, a2);
    }

    @Override
    public void setDate(String a1, Date a2) throws SQLException {
        delegate.setDate(a1, a2);
    }

    @Override
    public void setTime(String a1, Time a2) throws SQLException {
        delegate.setTime(a1, a2);
    }

    @Override
    public void setTimestamp(String a1, Timestamp a2) throws SQLException {
        delegate.setTimestamp(a1, a2);
    }

    @Override
    public void setAsciiStream(String a1, InputStream a2, int a3) throws SQLException {
        delegate.setAsciiStream(a1, a2, a3);
    }

    @Override
    public void setBinaryStream(String a1, InputStream a2, int a3) throws SQLException {
        delegate.setBinaryStream(a1, a2, a3);
    }

    @Override
    public void setObject(String a1, Object a2, int a3, int a4) throws SQLException {
        delegate.setObject(a1, a2, a3, a4);
    }

    @Override
    public void setObject(String a1, Object a2, int a3) throws SQLException {
        delegate.setObject(a1, a2, a3);
    }

    @Override
    public void setObject(String a1, Object a2) throws SQLException {
        delegate.setObject(a1, a2);
    }

    @Override
    public void setCharacterStream(String a1, Reader a2, int a3) throws SQLException {
        delegate.setCharacterStream(a1, a2, a3);
    }

    @Override
    public void setDate(String a1, Date a2, Calendar a3) throws SQLException {
        delegate.setDate(a1, a2, a3);
    }

    @Override
    public void setTime(String a1, Time a2, Calendar a3) throws SQLException {
        delegate.setTime(a1, a2, a3);
    }

    @Override
    public void setTimestamp(String a1, Timestamp a2, Calendar a3) throws SQLException {
        delegate.setTimestamp(a1, a2, a3);
    }

    @Override
    public void setNull(String a1, int a2, String a3) throws SQLException {
        delegate.setNull(a1, a2, a3);
    }

    @Override
    public String getString(String a1) throws SQLException {
        return delegate.getString(a1);
    }

    @Override
    public boolean getBoolean(String a1) throws SQLException {
        return delegate.getBoolean(a1);
    }

    @Override
    public byte getByte(String a1) throws SQLException {
        return delegate.getByte(a1);
    }

    @Override
    public short getShort(String a1) throws SQLException {
        return delegate.getShort(a1);
    }

    @Override
    public int getInt(String a1) throws SQLException {
        return delegate.getInt(a1);
    }

    @Override
    public long getLong(String a1) throws SQLException {
        return delegate.getLong(a1);
    }

    @Override
    public float getFloat(String a1) throws SQLException {
        return delegate.getFloat(a1);
    }

    @Override
    public double getDouble(String a1) throws SQLException {
        return delegate.getDouble(a1);
    }

    @Override
    public byte[] getBytes(String a1) throws SQLException {
        return delegate.getBytes(a1);
    }

    @Override
    public Date getDate(String a1) throws SQLException {
        return delegate.getDate(a1);
    }

    @Override
    public Time getTime(String a1) throws SQLException {
        return delegate.getTime(a1);
    }

    @Override
    public Timestamp getTimestamp(String a1) throws SQLException {
        return delegate.getTimestamp(a1);
    }

    @Override
    public Object getObject(String a1) throws SQLException {
        return delegate.getObject(a1);
    }

    @Override
    public BigDecimal getBigDecimal(String a1) throws SQLException {
        return delegate.getBigDecimal(a1);
    }

    @Override
    public Object getObject(String a1, Map<String, Class<?>> a2) throws SQLException {
        return delegate.getObject(a1, a2);
    }

    @Override
    public Ref getRef(String a1) throws SQLException {
        return delegate.getRef(a1);
    }

    @Override
    public Blob getBlob(String a1) throws SQLException {
        return delegate.getBlob(a1);
    }

    @Override
    public Clob getClob(String a1) throws SQLException {
        return delegate.getClob(a1);
    }

    @Override
    public Array getArray(String a1) throws SQLException {
        return delegate.getArray(a1);
    }

    @Override
    public Date getDate(String a1, Calendar a2) throws SQLException {
        return delegate.getDate(a1, a2);
    }

    @Override
    public Time getTime(String a1, Calendar a2) throws SQLException {
        return delegate.getTime(a1, a2);
    }

    @Override
    public Timestamp getTimestamp(String a1, Calendar a2) throws SQLException {
        return delegate.getTimestamp(a1, a2);
    }

    @Override
    public URL getURL(String a1) throws SQLException {
        return delegate.getURL(a1);
    }

    @Override
    public RowId getRowId(int a1) throws SQLException {
        return delegate.getRowId(a1);
    }

    @Override
    public RowId getRowId(String a1) throws SQLException {
        return delegate.getRowId(a1);
    }

    @Override
    public void setRowId(String a1, RowId a2) throws SQLException {
        delegate.setRowId(a1, a2);
    }

    @Override
    public void setNString(String a1, String a2) throws SQLException {
        delegate.setNString(a1, a2);
    }

    @Override
    public void setNCharacterStream(String a1, Reader a2, long a3) throws SQLException {
        delegate.setNCharacterStream(a1, a2, a3);
    }

    @Override
    public void setNClob(String a1, NClob a2) throws SQLException {
        delegate.setNClob(a1, a2);
    }

    @Override
    public void setClob(String a1, Reader a2, long a3) throws SQLException {
        delegate.setClob(a1, a2, a3);
    }

    @Override
    public void setBlob(String a1, InputStream a2, long a3) throws SQLException {
        delegate.setBlob(a1, a2, a3);
    }

    @Override
    public void setNClob(String a1, Reader a2, long a3) throws SQLException {
        delegate.setNClob(a1, a2, a3);
    }

    @Override
    public NClob getNClob(int a1) throws SQLException {
        return delegate.getNClob(a1);
    }

    @Override
    public NClob getNClob(String a1) throws SQLException {
        return delegate.getNClob(a1);
    }

    @Override
    public void setSQLXML(String a1, SQLXML a2) throws SQLException {
        delegate.setSQLXML(a1, a2);
    }

    @Override
    public SQLXML getSQLXML(int a1) throws SQLException {
        return delegate.getSQLXML(a1);
    }

    @Override
    public SQLXML getSQLXML(String a1) throws SQLException {
        return delegate.getSQLXML(a1);
    }

    @Override
    public String getNString(int a1) throws SQLException {
        return delegate.getNString(a1);
    }

    @Override
    public String getNString(String a1) throws SQLException {
        return delegate.getNString(a1);
    }

    @Override
    public Reader getNCharacterStream(int a1) throws SQLException {
        return delegate.getNCharacterStream(a1);
    }

    @Override
    public Reader getNCharacterStream(String a1) throws SQLException {
        return delegate.getNCharacterStream(a1);
    }

    @Override
    public Reader getCharacterStream(int a1) throws SQLException {
        return delegate.getCharacterStream(a1);
    }

    @Override
    public Reader getCharacterStream(String a1) throws SQLException {
        return delegate.getCharacterStream(a1);
    }

    @Override
    public void setBlob(String a1, Blob a2) throws SQLException {
        delegate.setBlob(a1, a2);
    }

    @Override
    public void setClob(String a1, Clob a2) throws SQLException {
        delegate.setClob(a1, a2);
    }

    @Override
    public void setAsciiStream(String a1, InputStream a2, long a3) throws SQLException {
        delegate.setAsciiStream(a1, a2, a3);
    }

    @Override
    public void setBinaryStream(String a1, InputStream a2, long a3) throws SQLException {
        delegate.setBinaryStream(a1, a2, a3);
    }

    @Override
    public void setCharacterStream(String a1, Reader a2, long a3) throws SQLException {
        delegate.setCharacterStream(a1, a2, a3);
    }

    @Override
    public void setAsciiStream(String a1, InputStream a2) throws SQLException {
        delegate.setAsciiStream(a1, a2);
    }

    @Override
    public void setBinaryStream(String a1, InputStream a2) throws SQLException {
        delegate.setBinaryStream(a1, a2);
    }

    @Override
    public void setCharacterStream(String a1, Reader a2) throws SQLException {
        delegate.setCharacterStream(a1, a2);
    }

    @Override
    public void setNCharacterStream(String a1, Reader a2) throws SQLException {
        delegate.setNCharacterStream(a1, a2);
    }

    @Override
    public void setClob(String a1, Reader a2) throws SQLException {
        delegate.setClob(a1, a2);
    }

    @Override
    public void setBlob(String a1, InputStream a2) throws SQLException {
        delegate.setBlob(a1, a2);
    }

    @Override
    public void setNClob(String a1, Reader a2) throws SQLException {
        delegate.setNClob(a1, a2);
    }

    @Override
    public <T> T getObject(int a1, Class<T> a2) throws SQLException {
        return delegate.getObject(a1, a2);
    }

    @Override
    public <T> T getObject(String a1, Class<T> a2) throws SQLException {
        return delegate.getObject(a1, a2);
    }

    @Override
    public void setObject(String a1, Object a2, SQLType a3, int a4) throws SQLException {
        delegate.setObject(a1, a2, a3, a4);
    }

    @Override
    public void setObject(String a1, Object a2, SQLType a3) throws SQLException {
        delegate.setObject(a1, a2, a3);
    }

    @Override
    public void registerOutParameter(int a1, SQLType a2) throws SQLException {
        delegate.registerOutParameter(a1, a2);
    }

    @Override
    public void registerOutParameter(int a1, SQLType a2, int a3) throws SQLException {
        delegate.registerOutParameter(a1, a2, a3);
    }

    @Override
    public void registerOutParameter(int a1, SQLType a2, String a3) throws SQLException {
        delegate.registerOutParameter(a1, a2, a3);
    }

    @Override
    public void registerOutParameter(String a1, SQLType a2) throws SQLException {
        delegate.registerOutParameter(a1, a2);
    }

    @Override
    public void registerOutParameter(String a1, SQLType a2, int a3) throws SQLException {
        delegate.registerOutParameter(a1, a2, a3);
    }

    @Override
    public void registerOutParameter(String a1, SQLType a2, String a3) throws SQLException {
        delegate.registerOutParameter(a1, a2, a3);
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        return delegate.executeQuery();
    }

    @Override
    public int executeUpdate() throws SQLException {
        return delegate.executeUpdate();
    }

    @Override
    public void setNull(int a1, int a2) throws SQLException {
        delegate.setNull(a1, a2);
    }

    @Override
    public void setBoolean(int a1, boolean a2) throws SQLException {
        delegate.setBoolean(a1, a2);
    }

    @Override
    public void setByte(int a1, byte a2) throws SQLException {
        delegate.setByte(a1, a2);
    }

    @Override
    public void setShort(int a1, short a2) throws SQLException {
        delegate.setShort(a1, a2);
    }

    @Override
    public void setInt(int a1, int a2) throws SQLException {
        delegate.setInt(a1, a2);
    }

    @Override
    public void setLong(int a1, long a2) throws SQLException {
        delegate.setLong(a1, a2);
    }

    @Override
    public void setFloat(int a1, float a2) throws SQLException {
        delegate.setFloat(a1, a2);
    }

    @Override
    public void setDouble(int a1, double a2) throws SQLException {
        delegate.setDouble(a1, a2);
    }

    @Override
    public void setBigDecimal(int a1, BigDecimal a2) throws SQLException {
        delegate.setBigDecimal(a1, a2);
    }

    @Override
    public void setString(int a1, String a2) throws SQLException {
        delegate.setString(a1, a2);
    }

    @Override
    public void setBytes(int a1, byte[] a2) throws SQLException {
        delegate.setBytes(a1, a2);
    }

    @Override
    public void setDate(int a1, Date a2) throws SQLException {
        delegate.setDate(a1, a2);
    }

    @Override
    public void setTime(int a1, Time a2) throws SQLException {
        delegate.setTime(a1, a2);
    }

    @Override
    public void setTimestamp(int a1, Timestamp a2) throws SQLException {
        delegate.setTimestamp(a1, a2);
    }

    @Override
    public void setAsciiStream(int a1, InputStream a2, int a3) throws SQLException {
        delegate.setAsciiStream(a1, a2, a3);
    }

    @Override
    public void setUnicodeStream(int a1, InputStream a2, int a3) throws SQLException {
        delegate.setUnicodeStream(a1, a2, a3);
    }

    @Override
    public void setBinaryStream(int a1, InputStream a2, int a3) throws SQLException {
        delegate.setBinaryStream(a1, a2, a3);
    }

    @Override
    public void clearParameters() throws SQLException {
        delegate.clearParameters();
    }

    @Override
    public void setObject(int a1, Object a2, int a3) throws SQLException {
        delegate.setObject(a1, a2, a3);
    }

    @Override
    public void setObject(int a1, Object a2) throws SQLException {
        delegate.setObject(a1, a2);
    }

    @Override
    public boolean execute() throws SQLException {
        return delegate.execute();
    }

    @Override
    public void addBatch() throws SQLException {
        delegate.addBatch();
    }

    @Override
    public void setCharacterStream(int a1, Reader a2, int a3) throws SQLException {
        delegate.setCharacterStream(a1, a2, a3);
    }

    @Override
    public void setRef(int a1, Ref a2) throws SQLException {
        delegate.setRef(a1, a2);
    }

    @Override
    public void setBlob(int a1, Blob a2) throws SQLException {
        delegate.setBlob(a1, a2);
    }

    @Override
    public void setClob(int a1, Clob a2) throws SQLException {
        delegate.setClob(a1, a2);
    }

    @Override
    public void setArray(int a1, Array a2) throws SQLException {
        delegate.setArray(a1, a2);
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        return delegate.getMetaData();
    }

    @Override
    public void setDate(int a1, Date a2, Calendar a3) throws SQLException {
        delegate.setDate(a1, a2, a3);
    }

    @Override
    public void setTime(int a1, Time a2, Calendar a3) throws SQLException {
        delegate.setTime(a1, a2, a3);
    }

    @Override
    public void setTimestamp(int a1, Timestamp a2, Calendar a3) throws SQLException {
        delegate.setTimestamp(a1, a2, a3);
    }

    @Override
    public void setNull(int a1, int a2, String a3) throws SQLException {
        delegate.setNull(a1, a2, a3);
    }

    @Override
    public void setURL(int a1, URL a2) throws SQLException {
        delegate.setURL(a1, a2);
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        return delegate.getParameterMetaData();
    }

    @Override
    public void setRowId(int a1, RowId a2) throws SQLException {
        delegate.setRowId(a1, a2);
    }

    @Override
    public void setNString(int a1, String a2) throws SQLException {
        delegate.setNString(a1, a2);
    }

    @Override
    public void setNCharacterStream(int a1, Reader a2, long a3) throws SQLException {
        delegate.setNCharacterStream(a1, a2, a3);
    }

    @Override
    public void setNClob(int a1, NClob a2) throws SQLException {
        delegate.setNClob(a1, a2);
    }

    @Override
    public void setClob(int a1, Reader a2, long a3) throws SQLException {
        delegate.setClob(a1, a2, a3);
    }

    @Override
    public void setBlob(int a1, InputStream a2, long a3) throws SQLException {
        delegate.setBlob(a1, a2, a3);
    }

    @Override
    public void setNClob(int a1, Reader a2, long a3) throws SQLException {
        delegate.setNClob(a1, a2, a3);
    }

    @Override
    public void setSQLXML(int a1, SQLXML a2) throws SQLException {
        delegate.setSQLXML(a1, a2);
    }

    @Override
    public void setObject(int a1, Object a2, int a3, int a4) throws SQLException {
        delegate.setObject(a1, a2, a3, a4);
    }

    @Override
    public void setAsciiStream(int a1, InputStream a2, long a3) throws SQLException {
        delegate.setAsciiStream(a1, a2, a3);
    }

    @Override
    public void setBinaryStream(int a1, InputStream a2, long a3) throws SQLException {
        delegate.setBinaryStream(a1, a2, a3);
    }

    @Override
    public void setCharacterStream(int a1, Reader a2, long a3) throws SQLException {
        delegate.setCharacterStream(a1, a2, a3);
    }

    @Override
    public void setAsciiStream(int a1, InputStream a2) throws SQLException {
        delegate.setAsciiStream(a1, a2);
    }

    @Override
    public void setBinaryStream(int a1, InputStream a2) throws SQLException {
        delegate.setBinaryStream(a1, a2);
    }

    @Override
    public void setCharacterStream(int a1, Reader a2) throws SQLException {
        delegate.setCharacterStream(a1, a2);
    }

    @Override
    public void setNCharacterStream(int a1, Reader a2) throws SQLException {
        delegate.setNCharacterStream(a1, a2);
    }

    @Override
    public void setClob(int a1, Reader a2) throws SQLException {
        delegate.setClob(a1, a2);
    }

    @Override
    public void setBlob(int a1, InputStream a2) throws SQLException {
        delegate.setBlob(a1, a2);
    }

    @Override
    public void setNClob(int a1, Reader a2) throws SQLException {
        delegate.setNClob(a1, a2);
    }

    @Override
    public void setObject(int a1, Object a2, SQLType a3, int a4) throws SQLException {
        delegate.setObject(a1, a2, a3, a4);
    }

    @Override
    public void setObject(int a1, Object a2, SQLType a3) throws SQLException {
        delegate.setObject(a1, a2, a3);
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        return delegate.executeLargeUpdate();
    }

    @Override
    public ResultSet executeQuery(String a1) throws SQLException {
        return delegate.executeQuery(a1);
    }

    @Override
    public int executeUpdate(String a1) throws SQLException {
        return delegate.executeUpdate(a1);
    }

    @Override
    public void close() throws SQLException {
        delegate.close();
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        return delegate.getMaxFieldSize();
    }

    @Override
    public void setMaxFieldSize(int a1) throws SQLException {
        delegate.setMaxFieldSize(a1);
    }

    @Override
    public int getMaxRows() throws SQLException {
        return delegate.getMaxRows();
    }

    @Override
    public void setMaxRows(int a1) throws SQLException {
        delegate.setMaxRows(a1);
    }

    @Override
    public void setEscapeProcessing(boolean a1) throws SQLException {
        delegate.setEscapeProcessing(a1);
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        return delegate.getQueryTimeout();
    }

    @Override
    public void setQueryTimeout(int a1) throws SQLException {
        delegate.setQueryTimeout(a1);
    }

    @Override
    public void cancel() throws SQLException {
        delegate.cancel();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return delegate.getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        delegate.clearWarnings();
    }

    @Override
    public void setCursorName(String a1) throws SQLException {
        delegate.setCursorName(a1);
    }

    @Override
    public boolean execute(String a1) throws SQLException {
        return delegate.execute(a1);
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        return delegate.getResultSet();
    }

    @Override
    public int getUpdateCount() throws SQLException {
        return delegate.getUpdateCount();
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return delegate.getMoreResults();
    }

    @Override
    public void setFetchDirection(int a1) throws SQLException {
        delegate.setFetchDirection(a1);
    }

    @Override
    public int getFetchDirection() throws SQLException {
        return delegate.getFetchDirection();
    }

    @Override
    public void setFetchSize(int a1) throws SQLException {
        delegate.setFetchSize(a1);
    }

    @Override
    public int getFetchSize() throws SQLException {
        return delegate.getFetchSize();
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        return delegate.getResultSetConcurrency();
    }

    @Override
    public int getResultSetType() throws SQLException {
        return delegate.getResultSetType();
    }

    @Override
    public void addBatch(String a1) throws SQLException {
        delegate.addBatch(a1);
    }

    @Override
    public void clearBatch() throws SQLException {
        delegate.clearBatch();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        return delegate.executeBatch();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return delegate.getConnection();
    }

    @Override
    public boolean getMoreResults(int a1) throws SQLException {
        return delegate.getMoreResults(a1);
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        return delegate.getGeneratedKeys();
    }

    @Override
    public int executeUpdate(String a1, int a2) throws SQLException {
        return delegate.executeUpdate(a1, a2);
    }

    @Override
    public int executeUpdate(String a1, int[] a2) throws SQLException {
        return delegate.executeUpdate(a1, a2);
    }

    @Override
    public int executeUpdate(String a1, String[] a2) throws SQLException {
        return delegate.executeUpdate(a1, a2);
    }

    @Override
    public boolean execute(String a1, int a2) throws SQLException {
        return delegate.execute(a1, a2);
    }

    @Override
    public boolean execute(String a1, int[] a2) throws SQLException {
        return delegate.execute(a1, a2);
    }

    @Override
    public boolean execute(String a1, String[] a2) throws SQLException {
        return delegate.execute(a1, a2);
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        return delegate.getResultSetHoldability();
    }

    @Override
    public boolean isClosed() throws SQLException {
        return delegate.isClosed();
    }

    @Override
    public void setPoolable(boolean a1) throws SQLException {
        delegate.setPoolable(a1);
    }

    @Override
    public boolean isPoolable() throws SQLException {
        return delegate.isPoolable();
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        delegate.closeOnCompletion();
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        return delegate.isCloseOnCompletion();
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        return delegate.getLargeUpdateCount();
    }

    @Override
    public void setLargeMaxRows(long a1) throws SQLException {
        delegate.setLargeMaxRows(a1);
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        return delegate.getLargeMaxRows();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        return delegate.executeLargeBatch();
    }

    @Override
    public long executeLargeUpdate(String a1) throws SQLException {
        return delegate.executeLargeUpdate(a1);
    }

    @Override
    public long executeLargeUpdate(String a1, int a2) throws SQLException {
        return delegate.executeLargeUpdate(a1, a2);
    }

    @Override
    public long executeLargeUpdate(String a1, int[] a2) throws SQLException {
        return delegate.executeLargeUpdate(a1, a2);
    }

    @Override
    public long executeLargeUpdate(String a1, String[] a2) throws SQLException {
        return delegate.executeLargeUpdate(a1, a2);
    }

    @Override
    public String enquoteLiteral(String a1) throws SQLException {
        return delegate.enquoteLiteral(a1);
    }

    @Override
    public String enquoteIdentifier(String a1, boolean a2) throws SQLException {
        return delegate.enquoteIdentifier(a1, a2);
    }

    @Override
    public boolean isSimpleIdentifier(String a1) throws SQLException {
        return delegate.isSimpleIdentifier(a1);
    }

    @Override
    public String enquoteNCharLiteral(String a1) throws SQLException {
        return delegate.enquoteNCharLiteral(a1);
    }
}

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
 * A ResultSet that forwards to a Connector/J one.
 * Every method delegates; subclasses override what the logical layer changes. Boilerplate by design.
 */
@SuppressWarnings("deprecation")
abstract class DelegatingResultSet implements ResultSet {
    protected final ResultSet delegate;

    DelegatingResultSet(ResultSet delegate) {
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
    public boolean next() throws SQLException {
        return delegate.next();
    }

    @Override
    public void close() throws SQLException {
        delegate.close();
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
    public InputStream getAsciiStream(int a1) throws SQLException {
        return delegate.getAsciiStream(a1);
    }

    @Override
    public InputStream getUnicodeStream(int a1) throws SQLException {
        return delegate.getUnicodeStream(a1);
    }

    @Override
    public InputStream getBinaryStream(int a1) throws SQLException {
        return delegate.getBinaryStream(a1);
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
    public BigDecimal getBigDecimal(String a1, int a2) throws SQLException {
        return delegate.getBigDecimal(a1, a2);
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
    public InputStream getAsciiStream(String a1) throws SQLException {
        return delegate.getAsciiStream(a1);
    }

    @Override
    public InputStream getUnicodeStream(String a1) throws SQLException {
        return delegate.getUnicodeStream(a1);
    }

    @Override
    public InputStream getBinaryStream(String a1) throws SQLException {
        return delegate.getBinaryStream(a1);
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
    public String getCursorName() throws SQLException {
        return delegate.getCursorName();
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        return delegate.getMetaData();
    }

    @Override
    public Object getObject(int a1) throws SQLException {
        return delegate.getObject(a1);
    }

    @Override
    public Object getObject(String a1) throws SQLException {
        return delegate.getObject(a1);
    }

    @Override
    public int findColumn(String a1) throws SQLException {
        return delegate.findColumn(a1);
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
    public BigDecimal getBigDecimal(int a1) throws SQLException {
        return delegate.getBigDecimal(a1);
    }

    @Override
    public BigDecimal getBigDecimal(String a1) throws SQLException {
        return delegate.getBigDecimal(a1);
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        return delegate.isBeforeFirst();
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        return delegate.isAfterLast();
    }

    @Override
    public boolean isFirst() throws SQLException {
        return delegate.isFirst();
    }

    @Override
    public boolean isLast() throws SQLException {
        return delegate.isLast();
    }

    @Override
    public void beforeFirst() throws SQLException {
        delegate.beforeFirst();
    }

    @Override
    public void afterLast() throws SQLException {
        delegate.afterLast();
    }

    @Override
    public boolean first() throws SQLException {
        return delegate.first();
    }

    @Override
    public boolean last() throws SQLException {
        return delegate.last();
    }

    @Override
    public int getRow() throws SQLException {
        return delegate.getRow();
    }

    @Override
    public boolean absolute(int a1) throws SQLException {
        return delegate.absolute(a1);
    }

    @Override
    public boolean relative(int a1) throws SQLException {
        return delegate.relative(a1);
    }

    @Override
    public boolean previous() throws SQLException {
        return delegate.previous();
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
    public int getType() throws SQLException {
        return delegate.getType();
    }

    @Override
    public int getConcurrency() throws SQLException {
        return delegate.getConcurrency();
    }

    @Override
    public boolean rowUpdated() throws SQLException {
        return delegate.rowUpdated();
    }

    @Override
    public boolean rowInserted() throws SQLException {
        return delegate.rowInserted();
    }

    @Override
    public boolean rowDeleted() throws SQLException {
        return delegate.rowDeleted();
    }

    @Override
    public void updateNull(int a1) throws SQLException {
        delegate.updateNull(a1);
    }

    @Override
    public void updateBoolean(int a1, boolean a2) throws SQLException {
        delegate.updateBoolean(a1, a2);
    }

    @Override
    public void updateByte(int a1, byte a2) throws SQLException {
        delegate.updateByte(a1, a2);
    }

    @Override
    public void updateShort(int a1, short a2) throws SQLException {
        delegate.updateShort(a1, a2);
    }

    @Override
    public void updateInt(int a1, int a2) throws SQLException {
        delegate.updateInt(a1, a2);
    }

    @Override
    public void updateLong(int a1, long a2) throws SQLException {
        delegate.updateLong(a1, a2);
    }

    @Override
    public void updateFloat(int a1, float a2) throws SQLException {
        delegate.updateFloat(a1, a2);
    }

    @Override
    public void updateDouble(int a1, double a2) throws SQLException {
        delegate.updateDouble(a1, a2);
    }

    @Override
    public void updateBigDecimal(int a1, BigDecimal a2) throws SQLException {
        delegate.updateBigDecimal(a1, a2);
    }

    @Override
    public void updateString(int a1, String a2) throws SQLException {
        delegate.updateString(a1, a2);
    }

    @Override
    public void updateBytes(int a1, byte[] a2) throws SQLException {
        delegate.updateBytes(a1, a2);
    }

    @Override
    public void updateDate(int a1, Date a2) throws SQLException {
        delegate.updateDate(a1, a2);
    }

    @Override
    public void updateTime(int a1, Time a2) throws SQLException {
        delegate.updateTime(a1, a2);
    }

    @Override
    public void updateTimestamp(int a1, Timestamp a2) throws SQLException {
        delegate.updateTimestamp(a1, a2);
    }

    @Override
    public void updateAsciiStream(int a1, InputStream a2, int a3) throws SQLException {
        delegate.updateAsciiStream(a1, a2, a3);
    }

    @Override
    public void updateBinaryStream(int a1, InputStream a2, int a3) throws SQLException {
        delegate.updateBinaryStream(a1, a2, a3);
    }

    @Override
    public void updateCharacterStream(int a1, Reader a2, int a3) throws SQLException {
        delegate.updateCharacterStream(a1, a2, a3);
    }

    @Override
    public void updateObject(int a1, Object a2, int a3) throws SQLException {
        delegate.updateObject(a1, a2, a3);
    }

    @Override
    public void updateObject(int a1, Object a2) throws SQLException {
        delegate.updateObject(a1, a2);
    }

    @Override
    public void updateNull(String a1) throws SQLException {
        delegate.updateNull(a1);
    }

    @Override
    public void updateBoolean(String a1, boolean a2) throws SQLException {
        delegate.updateBoolean(a1, a2);
    }

    @Override
    public void updateByte(String a1, byte a2) throws SQLException {
        delegate.updateByte(a1, a2);
    }

    @Override
    public void updateShort(String a1, short a2) throws SQLException {
        delegate.updateShort(a1, a2);
    }

    @Override
    public void updateInt(String a1, int a2) throws SQLException {
        delegate.updateInt(a1, a2);
    }

    @Override
    public void updateLong(String a1, long a2) throws SQLException {
        delegate.updateLong(a1, a2);
    }

    @Override
    public void updateFloat(String a1, float a2) throws SQLException {
        delegate.updateFloat(a1, a2);
    }

    @Override
    public void updateDouble(String a1, double a2) throws SQLException {
        delegate.updateDouble(a1, a2);
    }

    @Override
    public void updateBigDecimal(String a1, BigDecimal a2) throws SQLException {
        delegate.updateBigDecimal(a1, a2);
    }

    @Override
    public void updateString(String a1, String a2) throws SQLException {
        delegate.updateString(a1, a2);
    }

    @Override
    public void updateBytes(String a1, byte[] a2) throws SQLException {
        delegate.updateBytes(a1, a2);
    }

    @Override
    public void updateDate(String a1, Date a2) throws SQLException {
        delegate.updateDate(a1, a2);
    }

    @Override
    public void updateTime(String a1, Time a2) throws SQLException {
        delegate.updateTime(a1, a2);
    }

    @Override
    public void updateTimestamp(String a1, Timestamp a2) throws SQLException {
        delegate.updateTimestamp(a1, a2);
    }

    @Override
    public void updateAsciiStream(String a1, InputStream a2, int a3) throws SQLException {
        delegate.updateAsciiStream(a1, a2, a3);
    }

    @Override
    public void updateBinaryStream(String a1, InputStream a2, int a3) throws SQLException {
        delegate.updateBinaryStream(a1, a2, a3);
    }

    @Override
    public void updateCharacterStream(String a1, Reader a2, int a3) throws SQLException {
        delegate.updateCharacterStream(a1, a2, a3);
    }

    @Override
    public void updateObject(String a1, Object a2, int a3) throws SQLException {
        delegate.updateObject(a1, a2, a3);
    }

    @Override
    public void updateObject(String a1, Object a2) throws SQLException {
        delegate.updateObject(a1, a2);
    }

    @Override
    public void insertRow() throws SQLException {
        delegate.insertRow();
    }

    @Override
    public void updateRow() throws SQLException {
        delegate.updateRow();
    }

    @Override
    public void deleteRow() throws SQLException {
        delegate.deleteRow();
    }

    @Override
    public void refreshRow() throws SQLException {
        delegate.refreshRow();
    }

    @Override
    public void cancelRowUpdates() throws SQLException {
        delegate.cancelRowUpdates();
    }

    @Override
    public void moveToInsertRow() throws SQLException {
        delegate.moveToInsertRow();
    }

    @Override
    public void moveToCurrentRow() throws SQLException {
        delegate.moveToCurrentRow();
    }

    @Override
    public Statement getStatement() throws SQLException {
        return delegate.getStatement();
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
    public Date getDate(int a1, Calendar a2) throws SQLException {
        return delegate.getDate(a1, a2);
    }

    @Override
    public Date getDate(String a1, Calendar a2) throws SQLException {
        return delegate.getDate(a1, a2);
    }

    @Override
    public Time getTime(int a1, Calendar a2) throws SQLException {
        return delegate.getTime(a1, a2);
    }

    @Override
    public Time getTime(String a1, Calendar a2) throws SQLException {
        return delegate.getTime(a1, a2);
    }

    @Override
    public Timestamp getTimestamp(int a1, Calendar a2) throws SQLException {
        return delegate.getTimestamp(a1, a2);
    }

    @Override
    public Timestamp getTimestamp(String a1, Calendar a2) throws SQLException {
        return delegate.getTimestamp(a1, a2);
    }

    @Override
    public URL getURL(int a1) throws SQLException {
        return delegate.getURL(a1);
    }

    @Override
    public URL getURL(String a1) throws SQLException {
        return delegate.getURL(a1);
    }

    @Override
    public void updateRef(int a1, Ref a2) throws SQLException {
        delegate.updateRef(a1, a2);
    }

    @Override
    public void updateRef(String a1, Ref a2) throws SQLException {
        delegate.updateRef(a1, a2);
    }

    @Override
    public void updateBlob(int a1, Blob a2) throws SQLException {
        delegate.updateBlob(a1, a2);
    }

    @Override
    public void updateBlob(String a1, Blob a2) throws SQLException {
        delegate.updateBlob(a1, a2);
    }

    @Override
    public void updateClob(int a1, Clob a2) throws SQLException {
        delegate.updateClob(a1, a2);
    }

    @Override
    public void updateClob(String a1, Clob a2) throws SQLException {
        delegate.updateClob(a1, a2);
    }

    @Override
    public void updateArray(int a1, Array a2) throws SQLException {
        delegate.updateArray(a1, a2);
    }

    @Override
    public void updateArray(String a1, Array a2) throws SQLException {
        delegate.updateArray(a1, a2);
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
    public void updateRowId(int a1, RowId a2) throws SQLException {
        delegate.updateRowId(a1, a2);
    }

    @Override
    public void updateRowId(String a1, RowId a2) throws SQLException {
        delegate.updateRowId(a1, a2);
    }

    @Override
    public int getHoldability() throws SQLException {
        return delegate.getHoldability();
    }

    @Override
    public boolean isClosed() throws SQLException {
        return delegate.isClosed();
    }

    @Override
    public void updateNString(int a1, String a2) throws SQLException {
        delegate.updateNString(a1, a2);
    }

    @Override
    public void updateNString(String a1, String a2) throws SQLException {
        delegate.updateNString(a1, a2);
    }

    @Override
    public void updateNClob(int a1, NClob a2) throws SQLException {
        delegate.updateNClob(a1, a2);
    }

    @Override
    public void updateNClob(String a1, NClob a2) throws SQLException {
        delegate.updateNClob(a1, a2);
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
    public SQLXML getSQLXML(int a1) throws SQLException {
        return delegate.getSQLXML(a1);
    }

    @Override
    public SQLXML getSQLXML(String a1) throws SQLException {
        return delegate.getSQLXML(a1);
    }

    @Override
    public void updateSQLXML(int a1, SQLXML a2) throws SQLException {
        delegate.updateSQLXML(a1, a2);
    }

    @Override
    public void updateSQLXML(String a1, SQLXML a2) throws SQLException {
        delegate.updateSQLXML(a1, a2);
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
    public void updateNCharacterStream(int a1, Reader a2, long a3) throws SQLException {
        delegate.updateNCharacterStream(a1, a2, a3);
    }

    @Override
    public void updateNCharacterStream(String a1, Reader a2, long a3) throws SQLException {
        delegate.updateNCharacterStream(a1, a2, a3);
    }

    @Override
    public void updateAsciiStream(int a1, InputStream a2, long a3) throws SQLException {
        delegate.updateAsciiStream(a1, a2, a3);
    }

    @Override
    public void updateBinaryStream(int a1, InputStream a2, long a3) throws SQLException {
        delegate.updateBinaryStream(a1, a2, a3);
    }

    @Override
    public void updateCharacterStream(int a1, Reader a2, long a3) throws SQLException {
        delegate.updateCharacterStream(a1, a2, a3);
    }

    @Override
    public void updateAsciiStream(String a1, InputStream a2, long a3) throws SQLException {
        delegate.updateAsciiStream(a1, a2, a3);
    }

    @Override
    public void updateBinaryStream(String a1, InputStream a2, long a3) throws SQLException {
        delegate.updateBinaryStream(a1, a2, a3);
    }

    @Override
    public void updateCharacterStream(String a1, Reader a2, long a3) throws SQLException {
        delegate.updateCharacterStream(a1, a2, a3);
    }

    @Override
    public void updateBlob(int a1, InputStream a2, long a3) throws SQLException {
        delegate.updateBlob(a1, a2, a3);
    }

    @Override
    public void updateBlob(String a1, InputStream a2, long a3) throws SQLException {
        delegate.updateBlob(a1, a2, a3);
    }

    @Override
    public void updateClob(int a1, Reader a2, long a3) throws SQLException {
        delegate.updateClob(a1, a2, a3);
    }

    @Override
    public void updateClob(String a1, Reader a2, long a3) throws SQLException {
        delegate.updateClob(a1, a2, a3);
    }

    @Override
    public void updateNClob(int a1, Reader a2, long a3) throws SQLException {
        delegate.updateNClob(a1, a2, a3);
    }

    @Override
    public void updateNClob(String a1, Reader a2, long a3) throws SQLException {
        delegate.updateNClob(a1, a2, a3);
    }

    @Override
    public void updateNCharacterStream(int a1, Reader a2) throws SQLException {
        delegate.updateNCharacterStream(a1, a2);
    }

    @Override
    public void updateNCharacterStream(String a1, Reader a2) throws SQLException {
        delegate.updateNCharacterStream(a1, a2);
    }

    @Override
    public void updateAsciiStream(int a1, InputStream a2) throws SQLException {
        delegate.updateAsciiStream(a1, a2);
    }

    @Override
    public void updateBinaryStream(int a1, InputStream a2) throws SQLException {
        delegate.updateBinaryStream(a1, a2);
    }

    @Override
    public void updateCharacterStream(int a1, Reader a2) throws SQLException {
        delegate.updateCharacterStream(a1, a2);
    }

    @Override
    public void updateAsciiStream(String a1, InputStream a2) throws SQLException {
        delegate.updateAsciiStream(a1, a2);
    }

    @Override
    public void updateBinaryStream(String a1, InputStream a2) throws SQLException {
        delegate.updateBinaryStream(a1, a2);
    }

    @Override
    public void updateCharacterStream(String a1, Reader a2) throws SQLException {
        delegate.updateCharacterStream(a1, a2);
    }

    @Override
    public void updateBlob(int a1, InputStream a2) throws SQLException {
        delegate.updateBlob(a1, a2);
    }

    @Override
    public void updateBlob(String a1, InputStream a2) throws SQLException {
        delegate.updateBlob(a1, a2);
    }

    @Override
    public void updateClob(int a1, Reader a2) throws SQLException {
        delegate.updateClob(a1, a2);
    }

    @Override
    public void updateClob(String a1, Reader a2) throws SQLException {
        delegate.updateClob(a1, a2);
    }

    @Override
    public void updateNClob(int a1, Reader a2) throws SQLException {
        delegate.updateNClob(a1, a2);
    }

    @Override
    public void updateNClob(String a1, Reader a2) throws SQLException {
        delegate.updateNClob(a1, a2);
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
    public void updateObject(int a1, Object a2, SQLType a3, int a4) throws SQLException {
        delegate.updateObject(a1, a2, a3, a4);
    }

    @Override
    public void updateObject(String a1, Object a2, SQLType a3, int a4) throws SQLException {
        delegate.updateObject(a1, a2, a3, a4);
    }

    @Override
    public void updateObject(int a1, Object a2, SQLType a3) throws SQLException {
        delegate.updateObject(a1, a2, a3);
    }

    @Override
    public void updateObject(String a1, Object a2, SQLType a3) throws SQLException {
        delegate.updateObject(a1, a2, a3);
    }
}

package io.obproxy.jdbc;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Struct;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The part of the application's {@link Connection} that no server sees: holdability, the type
 * map, client info, the schema (unused, as Connector/J with {@code databaseTerm=CATALOG}), the
 * types MySQL mode lacks, and wrapping. {@link LogicalConnection} adds everything that reaches a
 * server.
 */
abstract class ConnectionSettings implements Connection, Unwrapping {
    private final Properties clientInfo = new Properties();
    private Map<String, Class<?>> typeMap = new HashMap<>();
    private int holdability = ResultSet.HOLD_CURSORS_OVER_COMMIT;

    /** @throws SQLException 08003 when the connection is closed */
    abstract void checkOpen() throws SQLException;

    @Override
    public void setHoldability(int holdability) throws SQLException {
        checkOpen();
        if (holdability != ResultSet.HOLD_CURSORS_OVER_COMMIT && holdability != ResultSet.CLOSE_CURSORS_AT_COMMIT) {
            throw new SQLException("Invalid holdability " + holdability, "S1009");
        }
        this.holdability = holdability;
    }

    /** @return the holdability of result sets of statements created from now on */
    final int holdability() {
        return holdability;
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
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        throw new SQLFeatureNotSupportedException("createArrayOf: MySQL mode has no ARRAY type");
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        throw new SQLFeatureNotSupportedException("createStruct: MySQL mode has no STRUCT type");
    }

    @Override
    public void beginRequest() {
        // nothing to prepare: physical connections open on demand
    }
}

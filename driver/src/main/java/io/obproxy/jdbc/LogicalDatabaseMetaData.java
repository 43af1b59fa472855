package io.obproxy.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;

/** Connector/J's metadata of one server, reporting the logical connection, URL and driver. */
final class LogicalDatabaseMetaData extends DelegatingDatabaseMetaData {
    private final LogicalConnection connection;

    LogicalDatabaseMetaData(LogicalConnection connection, DatabaseMetaData delegate) {
        super(delegate);
        this.connection = connection;
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public String getURL() {
        return connection.redactedUrl();
    }

    @Override
    public String getDriverName() {
        return ObProxyDriver.NAME;
    }

    @Override
    public String getDriverVersion() {
        return ObProxyDriver.VERSION;
    }

    @Override
    public int getDriverMajorVersion() {
        return ObProxyDriver.MAJOR_VERSION;
    }

    @Override
    public int getDriverMinorVersion() {
        return ObProxyDriver.MINOR_VERSION;
    }
}

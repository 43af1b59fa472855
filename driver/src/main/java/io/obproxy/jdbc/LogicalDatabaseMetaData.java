package io.obproxy.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/**
 * Connector/J's metadata, reporting the logical connection, URL and driver. Each call asks the
 * physical connection the session uses then (the last server's, or the default route's, through
 * the execution pipeline), so a metadata object kept by the application (pools and frameworks
 * cache it) works across resets and failovers that closed the physical connection it came from.
 */
final class LogicalDatabaseMetaData extends DelegatingDatabaseMetaData {
    private final LogicalConnection connection;

    LogicalDatabaseMetaData(LogicalConnection connection, DatabaseMetaData delegate) {
        super(delegate);
        this.connection = connection;
    }

    @Override
    protected DatabaseMetaData delegate() throws SQLException {
        connection.checkOpen();
        return connection.session().probe(ps -> ps.connection().getMetaData());
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

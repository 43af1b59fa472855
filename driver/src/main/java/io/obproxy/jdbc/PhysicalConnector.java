package io.obproxy.jdbc;

import com.mysql.cj.jdbc.NonRegisteringDriver;
import io.obproxy.cluster.ServerAddress;
import io.obproxy.cluster.ServerConnector;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens Connector/J connections to servers with one logical connection's credentials and
 * pass-through properties, straight through Connector/J's driver (no DriverManager lookup).
 */
final class PhysicalConnector implements ServerConnector {
    private static final Driver MYSQL = newMysqlDriver();

    private final Properties properties;
    private final String database;

    PhysicalConnector(DriverConfig config) {
        this.properties = config.physicalProperties();
        this.database = config.database() == null ? "" : config.database();
    }

    @Override
    public Connection connect(ServerAddress server) throws SQLException {
        Connection c = MYSQL.connect("jdbc:mysql://" + server + "/" + database, properties);
        if (c == null) {
            throw new SQLException("Connector/J refused the URL for " + server, "08001");
        }
        return c;
    }

    /** @return the value of a pass-through property, or null */
    String property(String name) {
        return properties.getProperty(name);
    }

    private static Driver newMysqlDriver() {
        try {
            return new NonRegisteringDriver();
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

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
 *
 * <p>Connector/J's {@code connectTimeout} bounds only the TCP connect; a server that accepts and
 * never sends its greeting would hold the caller forever. So the whole open (connect, greeting,
 * login) runs with a socket timeout of {@code physicalConnectTimeoutMillis}, and the connection
 * then gets the application's own {@code socketTimeout} back (none by default). Sockets get ODP's
 * TCP keepalive timings ({@link KeepAliveSocketFactory}) unless the application names its own
 * socket factory.
 */
final class PhysicalConnector implements ServerConnector {
    private static final Driver MYSQL = newMysqlDriver();

    private final Properties properties;
    private final String database;
    private final int readTimeoutAfterOpen;

    private PhysicalConnector(Properties properties, String database, int readTimeoutAfterOpen) {
        this.properties = properties;
        this.database = database;
        this.readTimeoutAfterOpen = readTimeoutAfterOpen;
    }

    PhysicalConnector(DriverConfig config) {
        Properties p = config.physicalProperties();
        String connectTimeout = Integer.toString(config.getInt(ObProxyProperty.PHYSICAL_CONNECT_TIMEOUT));
        this.readTimeoutAfterOpen = socketTimeout(p.getProperty("socketTimeout"));
        p.putIfAbsent("connectTimeout", connectTimeout);
        p.putIfAbsent("socketFactory", KeepAliveSocketFactory.class.getName());
        p.setProperty("socketTimeout", connectTimeout);
        this.properties = p;
        this.database = config.database() == null ? "" : config.database();
    }

    private static int socketTimeout(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0; // Connector/J reports its own property errors when it connects
        }
    }

    @Override
    public Connection connect(ServerAddress server) throws SQLException {
        Connection c = MYSQL.connect("jdbc:mysql://" + server + "/" + database, properties);
        if (c == null) {
            throw new SQLException("Connector/J refused the URL for " + server, "08001");
        }
        try {
            c.setNetworkTimeout(Runnable::run, readTimeoutAfterOpen);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * @return a connector that also sends these connection attributes (Connector/J's
     * {@code connectionAttributes}, after any the application gave); keys and values must not
     * contain ',' or ':'
     */
    @Override
    public PhysicalConnector withAttributes(java.util.Map<String, String> attributes) {
        Properties p = new Properties();
        p.putAll(properties);
        StringBuilder sb = new StringBuilder(p.getProperty("connectionAttributes", ""));
        attributes.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append(':').append(v));
        p.setProperty("connectionAttributes", sb.toString());
        return new PhysicalConnector(p, database, readTimeoutAfterOpen);
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

package io.obproxy.jdbc;

import io.obproxy.cluster.LoginSlots;
import io.obproxy.cluster.ServerAddress;
import io.obproxy.cluster.ServerConnector;
import io.obproxy.session.ConnectorJ;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Opens Connector/J connections to servers with one logical connection's credentials and
 * pass-through properties, straight through Connector/J's driver (no DriverManager lookup).
 *
 * <p>Connector/J's {@code connectTimeout} bounds only the TCP connect; a server that accepts and
 * never sends its greeting would hold the caller forever. So the whole open (connect, greeting,
 * login) has {@code physicalConnectTimeoutMillis}, kept by {@link PhysicalSocketFactory} (which
 * also sets ODP's keepalive), or by a socket timeout when the application names its own socket
 * factory; the application's own {@code socketTimeout} applies once the connection is open (none
 * by default).
 * Reads go through a plain buffer unless the application chose its input stream
 * ({@code useReadAheadInput=false} and {@code useUnbufferedInput=false}): Connector/J's read-ahead
 * stream asks the socket how much is available before each read, a system call each time, and
 * without read-ahead its default is no buffer at all.
 * A server's request to switch to {@code mysql_clear_password} is refused unless the application
 * set {@code allowCleartextPasswords}.
 * With {@code localInfileFromStreams} every connection answers LOAD DATA LOCAL INFILE requests from
 * {@link LocalInfiles#NO_FILE} (an empty file) from its first moment, until a statement hands over its
 * own stream ({@link LocalInfiles}): Connector/J, told {@code allowLoadLocalInfile}, would read a file
 * of this host whenever no stream is set, so one always is, and no automatic reconnect makes a
 * connection without one.
 *
 * <p>Each open first takes one of the server's login slots of the driver instance
 * ({@code maxLoginsPerServer}, {@link LoginSlots}), waiting for one within the open's time, and gives
 * it back once the login is over: a burst of logical connections queues here rather than at the
 * server. The wait counts against {@code physicalConnectTimeoutMillis}; what is left bounds the
 * greeting and login.
 */
final class PhysicalConnector implements ServerConnector {
    private static final Driver MYSQL = ConnectorJ.driver();
    /** The authentication plugin that sends the password in clear, refused unless allowCleartextPasswords. */
    static final String CLEAR_PASSWORD = "mysql_clear_password";

    private final Properties properties;
    private final String database;
    private final int readTimeoutAfterOpen;
    private final int openTimeoutMillis;
    private final OpenWatchdog watchdog;
    private final LoginSlots slots;
    /** Logins at once to one server ({@code maxLoginsPerServer}); 0: no bound. */
    private final int maxLogins;
    /** True when the open ran with a socket timeout, which must then be set to the application's. */
    private final boolean timeoutDuringOpen;
    /** {@code localInfileFromStreams}: each connection starts with {@link LocalInfiles#NO_FILE}. */
    private final boolean localInfileFromStreams;
    /** {@code extendedTypeInfo}: connections ask MariaDB servers for extended type information. */
    private final boolean extendedTypeInfo;

    private PhysicalConnector(Properties properties, String database, int readTimeoutAfterOpen, int openTimeoutMillis,
                              OpenWatchdog watchdog, LoginSlots slots, int maxLogins, boolean timeoutDuringOpen,
                              boolean localInfileFromStreams, boolean extendedTypeInfo) {
        this.watchdog = watchdog;
        this.slots = slots;
        this.maxLogins = maxLogins;
        this.properties = properties;
        this.database = database;
        this.readTimeoutAfterOpen = readTimeoutAfterOpen;
        this.openTimeoutMillis = openTimeoutMillis;
        this.timeoutDuringOpen = timeoutDuringOpen;
        this.localInfileFromStreams = localInfileFromStreams;
        this.extendedTypeInfo = extendedTypeInfo;
    }

    /**
     * @param watchdog the deadline keeper of the driver instance's opens
     * @param slots    the driver instance's login slots per server
     */
    PhysicalConnector(DriverConfig config, OpenWatchdog watchdog, LoginSlots slots) {
        this.watchdog = watchdog;
        this.slots = slots;
        this.maxLogins = config.getInt(ObProxyProperty.MAX_LOGINS_PER_SERVER);
        Properties p = config.physicalProperties();
        String connectTimeout = Integer.toString(config.getInt(ObProxyProperty.PHYSICAL_CONNECT_TIMEOUT));
        this.readTimeoutAfterOpen = socketTimeout(p.getProperty("socketTimeout"));
        p.putIfAbsent("connectTimeout", connectTimeout);
        if (!p.containsKey("useReadAheadInput")) {
            p.setProperty("useReadAheadInput", "false");
            p.putIfAbsent("useUnbufferedInput", "false"); // else Connector/J reads with no buffer at all
        }
        if (!config.getBoolean(ObProxyProperty.ALLOW_CLEARTEXT_PASSWORDS)) {
            String disabled = p.getProperty("disabledAuthenticationPlugins", "");
            p.setProperty("disabledAuthenticationPlugins", (disabled.isBlank() ? "" : disabled + ",") + CLEAR_PASSWORD);
        }
        this.localInfileFromStreams = config.getBoolean(ObProxyProperty.LOCAL_INFILE_FROM_STREAMS);
        this.extendedTypeInfo = config.getBoolean(ObProxyProperty.EXTENDED_TYPE_INFO);
        if (localInfileFromStreams) {
            p.setProperty("allowLoadLocalInfile", "true"); // Connector/J uses a set stream only with it
            p.setProperty("autoReconnect", "false"); // a reconnected connection would have no stream set
        }
        if (p.containsKey("socketFactory")) {
            this.timeoutDuringOpen = true; // the application's factory has no watchdog: a socket timeout bounds the open
            p.setProperty("socketTimeout", connectTimeout);
        } else {
            this.timeoutDuringOpen = false;
            p.setProperty("socketFactory", PhysicalSocketFactory.class.getName());
            p.remove("socketTimeout"); // applied after the open, see connect
        }
        this.properties = p;
        this.openTimeoutMillis = config.getInt(ObProxyProperty.PHYSICAL_CONNECT_TIMEOUT);
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
        long started = System.nanoTime();
        Connection c;
        LoginSlots.Slot slot = slots.enter(server, maxLogins, TimeUnit.MILLISECONDS.toNanos(openTimeoutMillis));
        try {
            int left = (int) Math.max(1, openTimeoutMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            c = PhysicalSocketFactory.openWithin(watchdog, left, extendedTypeInfo,
                    () -> MYSQL.connect("jdbc:mysql://" + server + "/" + database, properties));
        } finally {
            slot.close();
        }
        if (c == null) {
            throw new SQLException("Connector/J refused the URL for " + server, "08001");
        }
        try {
            if (localInfileFromStreams) {
                ConnectorJ.localInfileSource(c, LocalInfiles.NO_FILE);
            }
            if (timeoutDuringOpen || readTimeoutAfterOpen > 0) {
                c.setNetworkTimeout(Runnable::run, readTimeoutAfterOpen);
            }
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
        return new PhysicalConnector(p, database, readTimeoutAfterOpen, openTimeoutMillis, watchdog, slots, maxLogins,
                timeoutDuringOpen, localInfileFromStreams, extendedTypeInfo);
    }

    /**
     * @return a connector that logs in as {@code user} with {@code password} and no default database
     * (a metadata user of another tenant has no access to the application's), options unchanged
     */
    PhysicalConnector withLogin(String user, String password) {
        Properties p = new Properties();
        p.putAll(properties);
        p.setProperty("user", user);
        p.setProperty("password", password == null ? "" : password);
        return new PhysicalConnector(p, "", readTimeoutAfterOpen, openTimeoutMillis, watchdog, slots, maxLogins,
                timeoutDuringOpen, localInfileFromStreams, extendedTypeInfo);
    }

    /** @return true when {@code other} is a connector of the same user with the same password */
    @Override
    public boolean sameLogin(ServerConnector other) {
        return other instanceof PhysicalConnector p && Objects.equals(user(), p.user())
                && MessageDigest.isEqual(password().getBytes(StandardCharsets.UTF_8),
                        p.password().getBytes(StandardCharsets.UTF_8));
    }

    private String user() {
        return properties.getProperty("user");
    }

    private String password() {
        return properties.getProperty("password", "");
    }

    /** @return the value of a pass-through property, or null */
    String property(String name) {
        return properties.getProperty(name);
    }
}

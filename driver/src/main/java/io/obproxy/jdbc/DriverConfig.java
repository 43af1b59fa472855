package io.obproxy.jdbc;

import io.obproxy.cluster.ServerAddress;
import io.obproxy.route.RoutePolicy;
import io.obproxy.session.RoutingSettings;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The validated configuration of one connection: seeds and database from the URL, our properties
 * (URL parameters win over {@link Properties}), and the rest passed through to Connector/J.
 * {@link #toString()} never shows the password.
 */
final class DriverConfig {
    private final List<ServerAddress> seeds;
    private final Map<String, List<ServerAddress>> clusters;
    private final String database;
    private final ObUserName user;
    private final String password;
    private final Map<ObProxyProperty, String> values;
    private final Properties passThrough;

    private DriverConfig(List<ServerAddress> seeds, Map<String, List<ServerAddress>> clusters, String database,
                         ObUserName user, String password, Map<ObProxyProperty, String> values, Properties passThrough) {
        this.seeds = seeds;
        this.clusters = clusters;
        this.database = database;
        this.user = user;
        this.password = password;
        this.values = values;
        this.passThrough = passThrough;
    }

    static DriverConfig parse(String url, Properties info) throws SQLException {
        ConnectionUrl parsed = ConnectionUrl.parse(url);
        Map<ObProxyProperty, String> values = new EnumMap<>(ObProxyProperty.class);
        Properties passThrough = new Properties();
        if (info != null) {
            for (String key : info.stringPropertyNames()) {
                put(key, info.getProperty(key), values, passThrough);
            }
        }
        for (Map.Entry<String, String> e : parsed.parameters().entrySet()) {
            put(e.getKey(), e.getValue(), values, passThrough);
        }
        for (ObProxyProperty p : ObProxyProperty.values()) {
            p.validate(values.get(p));
        }
        String database = parsed.database() != null ? parsed.database() : values.get(ObProxyProperty.DEFAULT_DATABASE);
        ObUserName user = ObUserName.parse(values.get(ObProxyProperty.USER));
        String clusterList = values.get(ObProxyProperty.CLUSTERS);
        Map<String, List<ServerAddress>> clusters = clusterList == null ? Map.of() : ConnectionUrl.parseClusters(clusterList);
        if (parsed.seeds().isEmpty() && clusters.isEmpty() && values.get(ObProxyProperty.CONFIG_URL) == null) {
            throw new SQLException("No host in URL " + ConnectionUrl.redact(url) + ": expected "
                    + ConnectionUrl.PREFIX + "host:port[,...], or the property clusters or configUrl", "08001");
        }
        return new DriverConfig(parsed.seeds(), clusters, database, user,
                values.getOrDefault(ObProxyProperty.PASSWORD, ""), values, passThrough);
    }

    private static void put(String key, String value, Map<ObProxyProperty, String> values, Properties passThrough) {
        ObProxyProperty property = ObProxyProperty.forName(key);
        if (property != null) {
            values.put(property, value);
        } else {
            passThrough.setProperty(key, value);
        }
    }

    /** @return the URL's hosts: seeds of an unnamed cluster (or of the user name's #cluster); may be empty */
    List<ServerAddress> seeds() {
        return seeds;
    }

    /** @return the clusters named by the {@code clusters} property, with their seeds */
    Map<String, List<ServerAddress>> clusters() {
        return clusters;
    }

    /** @return the database to start in, or null */
    String database() {
        return database;
    }

    ObUserName user() {
        return user;
    }

    String password() {
        return password;
    }

    String get(ObProxyProperty property) {
        String v = values.get(property);
        return v != null ? v : property.defaultValue();
    }

    int getInt(ObProxyProperty property) {
        return Integer.parseInt(get(property).trim());
    }

    boolean getBoolean(ObProxyProperty property) {
        return Boolean.parseBoolean(get(property).trim());
    }

    /** @return an ENUM property's value as the constant of {@code type} with that name */
    <E extends Enum<E>> E getEnum(ObProxyProperty property, Class<E> type) {
        return Enum.valueOf(type, get(property).trim().toUpperCase(java.util.Locale.ROOT));
    }

    /** @return the routing choices of a connection */
    RoutingSettings routingSettings() {
        String idc = get(ObProxyProperty.PROXY_IDC_NAME);
        return new RoutingSettings(getEnum(ObProxyProperty.ROUTE_POLICY, RoutePolicy.class), idc == null ? "" : idc.trim(),
                "WEAK".equalsIgnoreCase(get(ObProxyProperty.READ_CONSISTENCY).trim()),
                getBoolean(ObProxyProperty.READ_ONLY_WEAK_READS), getInt(ObProxyProperty.FAILOVER_TIMEOUT),
                getBoolean(ObProxyProperty.STANDBY_WEAK_READS));
    }

    /**
     * @return Connector/J's {@code continueBatchOnError} (default true): whether a batch goes on
     * after an entry fails; a batch split by server goes on with its other servers' parts likewise
     */
    boolean continueBatchOnError() {
        return !"false".equalsIgnoreCase(passThrough.getProperty("continueBatchOnError", "true").trim());
    }

    /** @return Connector/J properties for a physical connection: pass-through plus the server login */
    Properties physicalProperties() {
        Properties p = new Properties();
        p.putAll(passThrough);
        p.setProperty("user", user.serverLogin());
        p.setProperty("password", password);
        return p;
    }

    @Override
    public String toString() {
        return "DriverConfig{seeds=" + seeds + ", database=" + database + ", user=" + user.serverLogin()
                + (user.cluster() == null ? "" : "#" + user.cluster()) + ", properties=" + values.keySet()
                + ", passThrough=" + passThrough.stringPropertyNames() + "}";
    }
}

package io.obproxy.jdbc;

import io.obproxy.metrics.DriverMetrics;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} for {@code jdbc:obproxy://} URLs, with a setter per driver property and
 * {@link #setProperty} for Connector/J's. A parameter given in the URL wins over the same property
 * set here, as with {@link java.sql.DriverManager}.
 *
 * <p>Each instance has its own driver instance (its own cluster state); close it with
 * {@link #close()} when the application no longer needs it.
 */
public class ObProxyDataSource implements DataSource, AutoCloseable, Unwrapping {
    private final ObProxyDriver driver = new ObProxyDriver();
    private final Properties properties = new Properties();
    private String url;
    private int loginTimeout;
    private PrintWriter logWriter;

    public String getUrl() {
        return url;
    }

    /** @param url {@code jdbc:obproxy://host:port[,host:port...][/database][?key=value...]} */
    public void setUrl(String url) {
        this.url = url;
    }

    public void setUser(String user) {
        set(ObProxyProperty.USER, user);
    }

    public String getUser() {
        return properties.getProperty(ObProxyProperty.USER.propertyName());
    }

    public void setPassword(String password) {
        set(ObProxyProperty.PASSWORD, password);
    }

    /** @param user user@tenant that reads the cluster's metadata (ODP's proxyro@sys), instead of the application's user */
    public void setMetadataUser(String user) {
        set(ObProxyProperty.METADATA_USER, user);
    }

    public void setMetadataPassword(String password) {
        set(ObProxyProperty.METADATA_PASSWORD, password);
    }

    public void setSqlCacheSize(int entries) {
        set(ObProxyProperty.SQL_CACHE_SIZE, Integer.toString(entries));
    }

    public void setServerListRefreshSeconds(int seconds) {
        set(ObProxyProperty.SERVER_LIST_REFRESH_SECONDS, Integer.toString(seconds));
    }

    public void setPhysicalConnectTimeoutMillis(int millis) {
        set(ObProxyProperty.PHYSICAL_CONNECT_TIMEOUT, Integer.toString(millis));
    }

    public void setMaxLoginsPerServer(int logins) {
        set(ObProxyProperty.MAX_LOGINS_PER_SERVER, Integer.toString(logins));
    }

    public void setMetadataTimeoutMillis(int millis) {
        set(ObProxyProperty.METADATA_TIMEOUT, Integer.toString(millis));
    }

    public void setFailoverTimeoutMillis(int millis) {
        set(ObProxyProperty.FAILOVER_TIMEOUT, Integer.toString(millis));
    }

    /** @param clusters {@code name=host:port,host:port;name2=host:port} */
    public void setClusters(String clusters) {
        set(ObProxyProperty.CLUSTERS, clusters);
    }

    public void setConfigUrl(String url) {
        set(ObProxyProperty.CONFIG_URL, url);
    }

    public void setStandbyWeakReads(boolean standby) {
        set(ObProxyProperty.STANDBY_WEAK_READS, Boolean.toString(standby));
    }

    public void setInstanceId(int id) {
        set(ObProxyProperty.INSTANCE_ID, Integer.toString(id));
    }

    /** @param logins user@tenant, comma-separated */
    public void setAdminUsers(String logins) {
        set(ObProxyProperty.ADMIN_USERS, logins);
    }

    public void setClusterWideProcesslist(boolean clusterWide) {
        set(ObProxyProperty.CLUSTER_WIDE_PROCESSLIST, Boolean.toString(clusterWide));
    }

    /** @param types CURRENT or OLDER: how the tenant stores DECIMAL, DATE, DATETIME (for the DBA-view fallback) */
    public void setTenantColumnTypes(String types) {
        set(ObProxyProperty.TENANT_COLUMN_TYPES, types);
    }

    public void setDiscoverServers(boolean discover) {
        set(ObProxyProperty.DISCOVER_SERVERS, Boolean.toString(discover));
    }

    public void setResetStateOnEndRequest(boolean reset) {
        set(ObProxyProperty.RESET_STATE_ON_END_REQUEST, Boolean.toString(reset));
    }

    public void setDatabase(String database) {
        set(ObProxyProperty.DEFAULT_DATABASE, database);
    }

    /** @param consistency STRONG or WEAK: see docs/configuration.md */
    public void setReadConsistency(String consistency) {
        set(ObProxyProperty.READ_CONSISTENCY, consistency);
    }

    /** @param policy FOLLOWER_FIRST, UNMERGE_FOLLOWER_FIRST or FOLLOWER_ONLY */
    public void setRoutePolicy(String policy) {
        set(ObProxyProperty.ROUTE_POLICY, policy);
    }

    public void setProxyIdcName(String idc) {
        set(ObProxyProperty.PROXY_IDC_NAME, idc);
    }

    public void setReadOnlyWeakReads(boolean weak) {
        set(ObProxyProperty.READ_ONLY_WEAK_READS, Boolean.toString(weak));
    }

    /** @param metrics false: count nothing, export nothing (docs/metrics.md) */
    public void setMetrics(boolean metrics) {
        set(ObProxyProperty.METRICS, Boolean.toString(metrics));
    }

    /**
     * Publishes the driver's metrics to Micrometer, as HikariCP's {@code setMetricRegistry} does.
     *
     * @param registry an {@code io.micrometer.core.instrument.MeterRegistry}; or the text {@code GLOBAL}
     *                 for Micrometer's global registry; null binds nothing
     * @throws IllegalStateException when Micrometer is not on the class path
     * @throws IllegalArgumentException when {@code registry} is neither
     */
    public void setMetricRegistry(Object registry) {
        if (registry == null) {
            return;
        }
        if (registry instanceof String name) {
            set(ObProxyProperty.METRIC_REGISTRY, name);
        } else {
            driver.bindMetrics(registry);
        }
    }

    /** @return the metrics of this data source's clusters, as exported to JMX (for health checks and binders) */
    public DriverMetrics metrics() {
        return driver.metrics();
    }

    public void setAllowCleartextPasswords(boolean allow) {
        set(ObProxyProperty.ALLOW_CLEARTEXT_PASSWORDS, Boolean.toString(allow));
    }

    public void setLocalInfileFromStreams(boolean fromStreams) {
        set(ObProxyProperty.LOCAL_INFILE_FROM_STREAMS, Boolean.toString(fromStreams));
    }

    public void setExtendedTypeInfo(boolean ask) {
        set(ObProxyProperty.EXTENDED_TYPE_INFO, Boolean.toString(ask));
    }

    /** Sets any property by name: one of {@link ObProxyProperty}, or a Connector/J property passed through. */
    public void setProperty(String name, String value) {
        properties.setProperty(name, value);
    }

    private void set(ObProxyProperty property, String value) {
        if (value == null) {
            properties.remove(property.propertyName());
        } else {
            properties.setProperty(property.propertyName(), value);
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (url == null) {
            throw new SQLException("No URL: call setUrl(\"jdbc:obproxy://host:port/database\") first", "08001");
        }
        Connection c = driver.connect(url, properties);
        if (c == null) {
            throw new SQLException("Not an obproxy URL: " + ConnectionUrl.redact(url), "08001");
        }
        return c;
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        Properties p = new Properties();
        p.putAll(properties);
        p.setProperty(ObProxyProperty.USER.propertyName(), user);
        p.setProperty(ObProxyProperty.PASSWORD.propertyName(), password == null ? "" : password);
        return driver.connect(url, p);
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    /** Stored for {@link #getLoginTimeout()}; connect timeouts are Connector/J's {@code connectTimeout}. */
    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("the driver logs through SLF4J, not java.util.logging");
    }

    @Override
    public void close() {
        driver.close();
    }

    @Override
    public String toString() {
        return "ObProxyDataSource{" + ConnectionUrl.redact(url) + ", properties="
                + properties.stringPropertyNames().stream().filter(n -> ObProxyProperty.forName(n) == null
                || !ObProxyProperty.forName(n).isSecret()).sorted().toList() + "}";
    }
}

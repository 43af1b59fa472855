package io.obproxy.jdbc;

import io.obproxy.cluster.ClusterRegistry;
import io.obproxy.metrics.DriverMetrics;
import io.obproxy.cluster.ConfigServerDirectory;
import io.obproxy.cluster.Deployment;
import io.obproxy.cluster.LoginSlots;
import io.obproxy.process.ClusterProcesses;
import io.obproxy.process.ProcessEntry;
import io.obproxy.process.ProcessRegistry;
import io.obproxy.route.Router;
import io.obproxy.session.LogicalSession;
import io.obproxy.sql.SqlClassifier;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JDBC driver for {@code jdbc:obproxy://} URLs: one logical connection over physical
 * Connector/J connections to the servers of an OceanBase cluster (see docs/routing.md).
 *
 * <p>Registered with {@link DriverManager} when the class loads (and found by the service loader):
 * that one instance serves every DriverManager connection of its class loader. Each instance owns
 * its clusters, classification caches, logical connections (their processlist and instance id) and
 * the watchdog of its physical opens; {@link #close()} releases them (for tests and for
 * applications that unload the driver). Nothing is shared between instances but the cluster
 * itself: another instance's connections are seen as any other instance's, through the servers.
 */
public final class ObProxyDriver implements Driver, AutoCloseable {
    /** Driver name reported by DatabaseMetaData. */
    public static final String NAME = "obproxy-jdbc";
    public static final int MAJOR_VERSION = 0;
    public static final int MINOR_VERSION = 1;
    public static final String VERSION = "0.1.0-SNAPSHOT";

    static {
        try {
            DriverManager.registerDriver(new ObProxyDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final DriverMetrics metrics = new DriverMetrics();
    private final MeterRegistries meterRegistries = new MeterRegistries(metrics);
    private final ClusterRegistry registry = new ClusterRegistry(metrics);
    private final ProcessRegistry processes;
    private final OpenWatchdog watchdog = new OpenWatchdog();
    private final LoginSlots logins = new LoginSlots();
    private final Map<Integer, SqlClassifier> classifiers = new ConcurrentHashMap<>();
    private final Router router = new Router();
    private final ConfigServerDirectory configServers = new ConfigServerDirectory();

    /** What SHOW PROCESSLIST shows as the Host of a driver's connections: host name and process id. */
    private static final String CLIENT_HOST = System.getenv().getOrDefault("HOSTNAME", "localhost")
            + "/" + ProcessHandle.current().pid();

    /** A driver instance with logical connections of its own. */
    public ObProxyDriver() {
        this(new ProcessRegistry());
    }

    /**
     * A driver instance whose logical connections are those of an embedding server (the bundled
     * front end), which registers its clients there before they log in.
     */
    public ObProxyDriver(ProcessRegistry processes) {
        this.processes = processes;
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        return acceptsURL(url) ? connect(url, info, null) : null;
    }

    /**
     * Opens a logical connection under a processlist entry the caller registered already in this
     * instance's registry (the bundled front end, which gave the entry's id to its client in the
     * greeting); null makes a new entry, as {@link #connect(String, Properties)} does.
     */
    public Connection connect(String url, Properties info, ProcessEntry process) throws SQLException {
        DriverConfig config = DriverConfig.parse(url, info);
        if ("GLOBAL".equalsIgnoreCase(config.get(ObProxyProperty.METRIC_REGISTRY).trim())) {
            meterRegistries.bindGlobalOnce();
        }
        PhysicalConnector connector = new PhysicalConnector(config, watchdog, logins);
        Deployment deployment = Deployments.acquire(config, connector, registry, configServers);
        try {
            return open(url, config, connector, deployment, process);
        } catch (SQLException | RuntimeException e) {
            deployment.members().forEach(m -> registry.release(m.cluster()));
            throw e;
        }
    }

    /**
     * The logical connection over an acquired deployment: a processlist entry and its id, physical
     * connections that carry that id (when the processlist is cluster-wide), the session.
     */
    private Connection open(String url, DriverConfig config, PhysicalConnector connector, Deployment deployment,
                            ProcessEntry given) throws SQLException {
        boolean clusterWide = config.getBoolean(ObProxyProperty.CLUSTER_WIDE_PROCESSLIST);
        int instance = processes.instanceId(config.getInt(ObProxyProperty.INSTANCE_ID),
                () -> clusterWide ? ClusterProcesses.instanceIds(deployment.current()) : Set.of());
        String login = config.user().serverLogin();
        ProcessEntry process;
        if (given != null) {
            process = given;
            process.loggedIn(login);
            processes.reinstate(process);
        } else {
            process = processes.register(login, CLIENT_HOST);
        }
        SqlClassifier classifier = classifiers.computeIfAbsent(config.getInt(ObProxyProperty.SQL_CACHE_SIZE),
                SqlClassifier::new);
        LogicalSession session = new LogicalSession(deployment, clusterWide ? connector.withAttributes(
                ClusterProcesses.attributes(instance, process.id(), login, process.host())) : connector, router,
                config.database(), config.routingSettings());
        LogicalConnection connection = new LogicalConnection(config, url, registry, deployment, session, classifier,
                connector, processes, process);
        session.logAs(process.id());
        session.watchForKills(new ClusterKillWatch(clusterWide ? deployment : null, instance, process.id(),
                connection::killed));
        return connection;
    }

    /**
     * @return this instance's metrics: one {@link io.obproxy.metrics.ClusterMetrics} per cluster it
     * talks to, exported to JMX (docs/metrics.md)
     */
    public DriverMetrics metrics() {
        return metrics;
    }

    /**
     * Publishes this instance's metrics to a Micrometer registry.
     *
     * @param registry an {@code io.micrometer.core.instrument.MeterRegistry}, or null for Micrometer's
     *                 global registry
     * @throws IllegalStateException when Micrometer is not on the class path
     * @throws IllegalArgumentException when {@code registry} is no MeterRegistry
     */
    public void bindMetrics(Object registry) {
        meterRegistries.bind(registry);
    }

    @Override
    public boolean acceptsURL(String url) {
        return ConnectionUrl.accepts(url);
    }

    /** @return every property of {@link ObProxyProperty}, with description, choices and the value given */
    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        Properties given = new Properties();
        if (info != null) {
            given.putAll(info);
        }
        if (acceptsURL(url)) {
            given.putAll(ConnectionUrl.parse(url).parameters());
        }
        ObProxyProperty[] all = ObProxyProperty.values();
        DriverPropertyInfo[] result = new DriverPropertyInfo[all.length];
        for (int i = 0; i < all.length; i++) {
            ObProxyProperty p = all[i];
            String value = given.getProperty(p.propertyName(), p.defaultValue());
            DriverPropertyInfo dpi = new DriverPropertyInfo(p.propertyName(), p.isSecret() ? null : value);
            dpi.description = p.description() + " Allowed: " + p.allowed() + ".";
            dpi.required = p == ObProxyProperty.USER;
            dpi.choices = p.choices().isEmpty() ? null : p.choices().toArray(new String[0]);
            result[i] = dpi;
        }
        return result;
    }

    @Override
    public int getMajorVersion() {
        return MAJOR_VERSION;
    }

    @Override
    public int getMinorVersion() {
        return MINOR_VERSION;
    }

    /** Not compliant: the driver passes MySQL's SQL through, which is not SQL-92 entry level in full. */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("the driver logs through SLF4J, not java.util.logging");
    }

    /** @return clusters this instance holds (for tests and diagnostics) */
    public int clustersInUse() {
        return registry.size();
    }

    /** Stops background work of this instance; connections already open keep working. */
    @Override
    public void close() {
        registry.close();
    }
}

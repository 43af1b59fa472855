package io.obproxy.cluster;

import io.obproxy.metrics.ClusterMetrics;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one cluster looks like, shared by every logical connection to it: the server list, read
 * from the cluster's metadata on first use and refreshed in the background.
 *
 * <p>Lifetime: created and reference-counted by {@link ClusterRegistry}; the background refresh
 * stops when the last connection releases it, and the registry keeps the idle cluster for a while,
 * so that short-lived connections do not read the metadata each time. {@link #admit} blocks
 * only the connection that finds the list missing or older than a refresh period; background
 * refreshes never block a statement: readers see an immutable snapshot through a volatile field.
 *
 * <p>Credentials: a connection's physical logins are its own. The cluster's own reads and probes
 * use the credentials of a login that succeeded ({@link ProvenLogin}): the first list is read with
 * the first connection's credentials and kept only when that login succeeds; a connection with
 * other credentials proves them with one login before it is admitted ({@link #admit}). A refused
 * login changes nothing shared: no credentials, no server's health. Metadata credentials, when the
 * application gives them ({@link ClusterSettings#metadataLogin}, ODP's {@code proxyro@sys}), read
 * the metadata instead (server list, tenant role, table locations); probes and the cluster-wide
 * processlist keep the proven login.
 */
public final class Cluster {
    private static final Logger log = LoggerFactory.getLogger(Cluster.class);

    private final ClusterKey key;
    private final ProvenLogin login = new ProvenLogin();
    private final ClusterSettings settings;
    /** Reads the metadata: the metadata credentials, else the proven login. */
    private final ServerConnector metadataLogin;
    private final AtomicBoolean warnedNoServerList = new AtomicBoolean();
    private final ReentrantLock loadLock = new ReentrantLock();
    /** The servers as the metadata last described them, without health. */
    private volatile Topology listed = Topology.EMPTY;
    /** {@link #listed} with {@link #health} folded in: what routing reads. */
    private volatile Topology topology = Topology.EMPTY;
    private final ServerHealth health;
    private volatile TenantRole role = TenantRole.UNKNOWN;
    private volatile long loadedAtNanos;
    private volatile boolean loaded;
    private int references; // guarded by the registry's lock
    private long idleSinceNanos; // guarded by the registry's lock
    private ScheduledFuture<?> refreshTask; // guarded by the registry's lock

    private final LocationSource locationSource;
    private final LocationCache locations;
    private final ClusterMetrics metrics;

    Cluster(ClusterKey key, ClusterSettings settings, java.util.concurrent.Executor background) {
        this.key = key;
        this.settings = settings;
        this.metrics = new ClusterMetrics(key.label(), settings.metrics(), this::locationEntries,
                this::serverListAgeSeconds);
        this.health = new ServerHealth(key.seeds().toString(), login, this::publishTopology, metrics);
        this.metadataLogin = settings.metadataLogin() != null ? settings.metadataLogin() : login;
        this.locationSource = new LocationSource(tenant(), metadataLogin, this::servers,
                LOCATION_REFRESH_SECONDS, settings.metadataTimeoutMillis(), settings.columnTypes());
        this.locations = new LocationCache(locationSource::load, background, LOCATION_CACHE_ENTRIES,
                LOCATION_REFRESH_SECONDS, metrics);
    }

    private long locationEntries() {
        return locations.size();
    }

    /** @return seconds since the server list was read, or -1 before the first read */
    private long serverListAgeSeconds() {
        return loaded ? TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - loadedAtNanos) : -1;
    }

    /** @return the cluster's numbers (routes, retries, cache, servers' health ...) */
    public ClusterMetrics metrics() {
        return metrics;
    }

    /** Table entries kept per cluster; refreshed in the background after this many seconds. */
    static final long LOCATION_CACHE_ENTRIES = 100_000;
    static final long LOCATION_REFRESH_SECONDS = 60;

    /** @return the cluster's table locations */
    public LocationCache locations() {
        return locations;
    }

    public ClusterKey key() {
        return key;
    }

    /** @return the active servers, in the metadata's order (by zone); never empty once loaded */
    public List<ServerAddress> servers() {
        return topology.active();
    }

    /** @return the servers with their zones, IDCs, regions, status and health, as last known */
    public Topology topology() {
        return topology;
    }

    private void publishTopology() {
        Topology now = listed.withHealth(health.states());
        topology = now;
        for (Server server : now.servers()) {
            metrics.server(server.address().toString())
                    .health(server.active() ? now.health(server.address()).ordinal() : Health.DEAD.ordinal());
        }
    }

    /** The server said it cannot serve now (starting, stopping, tenant not here): DEAD. */
    public void reportConnectFailure(ServerAddress server, String why) {
        health.connectFailed(server, why);
    }

    /**
     * A session's physical login to the server failed with {@code e} (the connector's error, as it
     * came); it began at {@code startedNanos} ({@link System#nanoTime}, before waiting for a login
     * slot). Makes the server DEAD only for a real failure: it cannot be reached, or it answered no
     * login at all while this one was tried (docs/high-availability.md, "Which failed logins count").
     *
     * @return true when the server was made DEAD
     */
    public boolean reportLoginFailure(ServerAddress server, SQLException e, long startedNanos) {
        return health.loginFailed(server, e, startedNanos);
    }

    /** An established connection to the server broke or timed out. */
    public void reportBrokenConnection(ServerAddress server, String why) {
        health.connectionBroke(server, why);
    }

    /** A connection to the server was opened. */
    public void reportConnected(ServerAddress server) {
        health.connected(server);
    }

    /** Probes every DEAD server now instead of after its back-off: a refusal suggests one of them leads. */
    public void recheckDeadServers() {
        health.probeDeadNow();
    }

    /**
     * @return how many times this driver saw the server fail; a connection opened when it was lower
     * may have died with the server, so it is not reused
     */
    public int failureEpoch(ServerAddress server) {
        return health.epoch(server);
    }

    ServerHealth health() {
        return health;
    }

    /**
     * Admits a connection that logs in through {@code caller}. The first one loads the server list
     * with its own credentials, which become the cluster's when that succeeds; a later one with other
     * credentials than the cluster's logs in once to prove them. Then the list is read again when it
     * is older than {@code maxAgeNanos} (an idle cluster taken up again).
     *
     * @throws SQLException a server's refusal of the caller's login, as the server gave it, or of the
     * metadata credentials; or, for the first connection, that no server answers
     */
    void admit(ServerConnector caller, long maxAgeNanos) throws SQLException {
        if (!loaded) {
            loadLock.lock();
            try {
                if (!loaded) {
                    if (settings.metadataLogin() == null) {
                        refresh(caller);
                        login.accepted(caller);
                    } else {
                        refreshWithMetadataCredentials();
                        login.verify(caller, servers());
                    }
                    loaded = true;
                    return;
                }
            } finally {
                loadLock.unlock();
            }
        }
        if (!login.matches(caller)) {
            login.verify(caller, servers());
        }
        if (System.nanoTime() - loadedAtNanos > maxAgeNanos) {
            loadLock.lock();
            try {
                if (System.nanoTime() - loadedAtNanos > maxAgeNanos) {
                    refreshQuietly();
                }
            } finally {
                loadLock.unlock();
            }
        }
    }

    /** @return true once a connection loaded the server list (a cluster whose first login failed has none) */
    boolean loaded() {
        return loaded;
    }

    /**
     * Reads the server list through the first server that accepts a connection: known servers
     * first, then the seeds. Keeps the previous list when the metadata cannot be read. A server that
     * refuses the login (wrong password, unknown database) ends the search with its own error.
     */
    void refresh(ServerConnector connector) throws SQLException {
        Set<ServerAddress> candidates = new LinkedHashSet<>(topology.active());
        candidates.addAll(key.seeds());
        SQLException failure = null;
        for (ServerAddress candidate : candidates) {
            try (Connection c = connector.connect(candidate)) {
                int timeoutSeconds = Math.max(1, settings.metadataTimeoutMillis() / 1000);
                List<Server> fresh = settings.discover() ? ServerListLoader.load(c, tenant(), timeoutSeconds)
                        : List.of();
                updateRole(TenantRole.read(c, key.tenant(), timeoutSeconds));
                boolean anyActive = fresh.stream().anyMatch(Server::active);
                if (settings.discover() && fresh.isEmpty() && warnedNoServerList.compareAndSet(false, true)) {
                    log.warn("cluster {}: tenant {}'s servers cannot be read (neither __all_virtual_proxy_schema's"
                            + " __all_dummy nor DBA_OB_SERVERS / GV$OB_SERVERS answers this login): the servers are"
                            + " the seeds; give metadataUser (a sys-tenant user, as ODP's proxyro@sys) or SELECT on"
                            + " oceanbase.__all_virtual_proxy_schema", key.seeds(), tenant());
                }
                update(anyActive ? new Topology(fresh)
                        : listed.active().isEmpty() ? Topology.ofAddresses(key.seeds()) : listed);
                loadedAtNanos = System.nanoTime();
                return;
            } catch (SQLException e) {
                if (LoginRefusal.is(e)) {
                    throw e; // an answer, not an outage: every server would give it
                }
                log.debug("cluster {}: server list not readable through {}: {}", key.seeds(), candidate, e.toString());
                if (failure == null) {
                    failure = new SQLException("No server of the cluster answers (tried " + candidates + ")",
                            "08001", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        throw failure;
    }

    private void refreshWithMetadataCredentials() throws SQLException {
        try {
            refresh(metadataLogin);
        } catch (SQLException e) {
            if (LoginRefusal.is(e)) {
                throw new SQLException("The metadata credentials (metadataUser) were refused: " + e.getMessage(),
                        e.getSQLState(), e.getErrorCode(), e);
            }
            throw e;
        }
    }

    private String tenant() {
        return key.tenant() == null ? "sys" : key.tenant();
    }

    /** Opens a connection to one of the cluster's servers with its proven credentials, outside any session. */
    public Connection openConnection(ServerAddress server) throws SQLException {
        return login.connect(server);
    }

    /** As {@link #openConnection}, sending these connection attributes. */
    public Connection openConnection(ServerAddress server, java.util.Map<String, String> attributes) throws SQLException {
        return login.withAttributes(attributes).connect(server);
    }

    /** @return the user tenant's role here, as last read (UNKNOWN where DBA_OB_TENANTS cannot be read) */
    public TenantRole role() {
        return role;
    }

    /** Takes a role from elsewhere (a config server's cluster type) while the metadata has not said. */
    public void assumeRole(TenantRole hint) {
        if (role == TenantRole.UNKNOWN) {
            role = hint;
        }
    }

    /**
     * Reads the tenant's role again now, through a usable server (after a "not primary" error).
     * Keeps the role it had when no server answers.
     */
    public void refreshRole() {
        for (ServerAddress server : topology.active()) {
            try (Connection c = metadataLogin.connect(server)) {
                updateRole(TenantRole.read(c, key.tenant(), Math.max(1, settings.metadataTimeoutMillis() / 1000)));
                return;
            } catch (SQLException e) {
                log.debug("cluster {}: role not readable through {}: {}", key.seeds(), server, e.toString());
            }
        }
    }

    private void updateRole(TenantRole fresh) {
        TenantRole old = role;
        if (fresh != TenantRole.UNKNOWN && fresh != old) {
            role = fresh;
            if (old != TenantRole.UNKNOWN) {
                metrics.switchedOver();
                log.warn("cluster {}: tenant {} is now {} (was {})", key.seeds(), key.tenant(), fresh, old);
            }
        }
    }

    private void update(Topology fresh) {
        Topology old = listed;
        if (!old.equals(fresh)) {
            listed = fresh;
            publishTopology();
            if (old.servers().isEmpty()) {
                log.debug("cluster {}: servers {}", key.seeds(), fresh);
            } else if (!old.active().equals(fresh.active())) {
                log.warn("cluster {}: active servers changed from {} to {}", key.seeds(), old.active(), fresh.active());
            } else {
                log.info("cluster {}: servers now {}", key.seeds(), fresh);
            }
        }
    }

    /**
     * Reads the server list again with the metadata credentials, else the proven ones; while there
     * are none, keeps the list it has.
     */
    void refreshQuietly() {
        if (metadataLogin == login && !login.known()) {
            return;
        }
        try {
            refresh(metadataLogin);
        } catch (SQLException | RuntimeException e) {
            log.warn("cluster {}: server list refresh failed: {}", key.seeds(), e.getMessage());
            log.debug("cluster {}: server list refresh failed", key.seeds(), e);
        }
    }

    int retain() {
        return ++references;
    }

    int releaseReference() {
        if (--references == 0) {
            idleSinceNanos = System.nanoTime();
            locationSource.closeConnection();
        }
        return references;
    }

    int references() {
        return references;
    }

    long idleSinceNanos() {
        return idleSinceNanos;
    }

    void refreshTask(ScheduledFuture<?> task) {
        this.refreshTask = task;
    }

    ScheduledFuture<?> refreshTask() {
        return refreshTask;
    }

    @Override
    public String toString() {
        return "Cluster" + key.seeds() + " servers=" + topology.active();
    }
}

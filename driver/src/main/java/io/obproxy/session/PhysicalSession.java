package io.obproxy.session;

import io.obproxy.cluster.ServerAddress;
import io.obproxy.metrics.ServerMetrics;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One physical Connector/J connection of a logical session, to one server, and the session
 * state version it was last brought up to. A logical session has at most one per server.
 *
 * <p>Before a connection idle for {@value #IDLE_CHECK_MILLIS} ms or more is used again,
 * {@link #closedWhileIdle} asks its socket whether the server closed it meanwhile (crash, restart,
 * {@code wait_timeout}, a KILL): a non-blocking one-byte read, no round trip. A statement is then
 * never written to a connection already known dead, where its fate would look unknown. The look
 * costs five system calls (the socket switched to non-blocking and back), as much as the statement's
 * own exchange. A statement that would end no worse if its connection broke after it was sent (a
 * read that is sent again anyway, a statement of an open transaction, which is lost either way) is
 * spared it unless the connection was idle for {@value #IDLE_CHECK_MILLIS_SPARED} ms, which still covers
 * every {@code wait_timeout} (at least a second), so that no server is blamed for closing an idle
 * connection.
 *
 * <p>What JDBC does not say (status flags, thread id, the socket, session state changes) is read
 * through {@link ConnectionFacts}.
 */
public final class PhysicalSession {
    static final int IDLE_CHECK_MILLIS = 1;
    static final int IDLE_CHECK_MILLIS_SPARED = 500;
    private static final long IDLE_CHECK_NANOS = IDLE_CHECK_MILLIS * 1_000_000L;
    private static final long IDLE_CHECK_NANOS_SPARED = IDLE_CHECK_MILLIS_SPARED * 1_000_000L;

    private final ServerAddress server;
    private final Connection connection;
    private final ConnectionFacts facts;
    private final SessionChanges sessionChanges = new SessionChanges();
    private final boolean oceanBase;
    private final int epoch;
    private long syncedVersion;
    private long lastUsedNanos = System.nanoTime();
    private boolean closedByServer;
    private final ServerMetrics metrics;
    /** Set once closed or aborted (either may come from another thread): the open count drops once. */
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param epoch   the server's failure epoch when the connection was opened
     * @param metrics the server's metrics: the connection counts as open there until closed
     */
    PhysicalSession(ServerAddress server, Connection connection, int epoch, ServerMetrics metrics) throws SQLException {
        this.server = server;
        this.connection = connection;
        this.epoch = epoch;
        this.facts = ConnectionFacts.of(connection);
        this.oceanBase = facts.serverVersion().contains("OceanBase");
        this.metrics = metrics;
        metrics.physicalOpened();
        facts.onSessionChanges(sessionChanges);
    }

    /** @return the server's metrics, where statements routed here are counted */
    ServerMetrics metrics() {
        return metrics;
    }

    private void uncount() {
        if (closed.compareAndSet(false, true)) {
            metrics.physicalClosed();
        }
    }

    /** @return the server's failure epoch when this connection was opened */
    int epoch() {
        return epoch;
    }

    /** @return true when the server is an OBServer (its version string says OceanBase), not another MySQL server */
    public boolean isOceanBase() {
        return oceanBase;
    }

    public ServerAddress server() {
        return server;
    }

    /** @return the Connector/J connection; statements are created on it */
    public Connection connection() {
        return connection;
    }

    /** @return the session state version this connection was last brought up to */
    public long syncedVersion() {
        return syncedVersion;
    }

    void syncedTo(long version) {
        syncedVersion = version;
    }

    /** @return the status flags of the last OK or EOF packet the server sent on this connection */
    public int statusFlags() {
        return facts.statusFlags();
    }

    /** @return the warning count of the last OK or EOF packet the server sent on this connection */
    public int warningCount() {
        return facts.warningCount();
    }

    /** @return true when the server's last status flags say a transaction is open */
    public boolean inTransaction() {
        return (facts.statusFlags() & ConnectionFacts.IN_TRANSACTION) != 0;
    }

    /**
     * @return true when the last OK/EOF carried OceanBase's partition-miss flag (0x0800, the bit
     * MySQL calls SERVER_QUERY_WAS_SLOW): the statement did not run on its data's leader
     */
    public boolean partitionMissed() {
        return (facts.statusFlags() & ConnectionFacts.PARTITION_MISS) != 0;
    }

    /**
     * Records a use now and says whether the connection, idle since its last use for at least
     * {@value #IDLE_CHECK_MILLIS} ms ({@value #IDLE_CHECK_MILLIS_SPARED} ms when {@code spared}),
     * was closed by the server: the socket has reached its end, was
     * reset, or holds bytes nobody asked for (a server's last error before closing; read here, so
     * the connection is unusable either way); once closed, always closed. Not asked of TLS connections (a byte read would break
     * the record layer) nor of sockets the application's own {@code socketFactory} made.
     *
     * @param spared the statement would end no worse if the connection were found broken only after
     *               it was sent (a read outside a transaction whose route can change, a statement of an
     *               open transaction other than its commit)
     */
    boolean closedWhileIdle(boolean spared) {
        long now = System.nanoTime();
        boolean idle = now - lastUsedNanos >= (spared ? IDLE_CHECK_NANOS_SPARED : IDLE_CHECK_NANOS);
        lastUsedNanos = now;
        if (idle && !closedByServer) {
            closedByServer = facts.closedByPeer();
        }
        return closedByServer;
    }

    /**
     * Runs one statement that returns no rows the caller needs (a held BEGIN, a SET): as bytes, its
     * reply dropped, where the connection can ({@link PacketRelay#run}), else through Connector/J.
     */
    void execute(String sql) throws SQLException {
        if (PacketRelay.run(connection, sql)) {
            return;
        }
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    /** Forgets the session state changes reported so far: a statement of the logical session goes next. */
    void clearSessionChanges() {
        sessionChanges.clear();
    }

    /** @param on true while the driver records a statement's effects: what its own statements change is not kept */
    void ignoreSessionChanges(boolean on) {
        sessionChanges.ignore(on);
    }

    /**
     * @return the session state changes the server reported (where the connection tracks them) since
     * the logical session's last statement was sent here, in the server's order; then forgets them
     */
    public List<SessionChange> takeSessionChanges() {
        return sessionChanges.take();
    }

    /** @return the server's {@code @@autocommit}, read with a query */
    boolean readAutoCommit() throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT @@autocommit")) {
            return rs.next() && rs.getInt(1) == 1;
        }
    }

    /** @return the server's id of this connection (its {@code CONNECTION_ID()}) */
    public long serverThreadId() {
        return facts.threadId();
    }

    void close() {
        uncount();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing: the server side goes away either way
        }
    }

    void abort() {
        uncount();
        try {
            connection.abort(Runnable::run);
        } catch (SQLException ignored) {
            // aborting a connection that is already broken
        }
    }

    @Override
    public String toString() {
        return server + "#" + serverThreadId();
    }
}

package io.obproxy.session;

import io.obproxy.cluster.Cluster;
import io.obproxy.cluster.ServerAddress;
import io.obproxy.cluster.ServerConnector;
import io.obproxy.cluster.Replica;
import io.obproxy.route.NoRouteException;
import io.obproxy.route.ParameterValues;
import io.obproxy.route.PartitionKeys;
import io.obproxy.route.ReadConsistency;
import io.obproxy.route.RouteDecision;
import io.obproxy.route.RouteReason;
import io.obproxy.route.Router;
import io.obproxy.sql.Assignment;
import io.obproxy.sql.SqlInfo;
import io.obproxy.sql.StatementKind;
import io.obproxy.sql.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * One application session (one logical connection) over at most one physical connection per
 * server.
 *
 * <p>Implementation notes.
 * <ul>
 *   <li>Statement cycle: {@link #intercept} answers what needs no server; {@link #prepare} routes
 *   ({@link Router}), opens the physical connection lazily, replays the session state it lacks
 *   ({@link SessionState}), sends held statements; the caller executes; {@link #completed} records
 *   the statement's session effects and pins ({@link Pins}).</li>
 *   <li>Held statements (as ODP): {@code BEGIN}/{@code START TRANSACTION} and {@code SET
 *   TRANSACTION} are not sent when issued but just before the next statement, on that statement's
 *   server, so a transaction starts where its first statement runs. A COMMIT or ROLLBACK of a
 *   transaction that never ran a statement is answered locally.</li>
 *   <li>Session effects are recorded only after the server accepted the statement; SET values that
 *   are expressions are read back from that server (one extra round trip per such SET).</li>
 *   <li>Threads: used by one thread at a time, as JDBC connections are; {@link #close} and
 *   {@link #abort} may come from another thread, hence the concurrent map and volatile flag.</li>
 * </ul>
 */
public final class LogicalSession {
    private final Cluster cluster;
    private final ServerConnector connector;
    private final Router router;
    private final RoutingSettings settings;
    private final SessionState state = new SessionState();
    private final Pins pins = new Pins();
    private final Map<ServerAddress, PhysicalSession> physicals = new ConcurrentHashMap<>(8);
    private PhysicalSession last;
    private RouteDecision lastDecision;
    private ServerAddress forced;
    private String heldBegin;
    private String heldNextTransaction;
    private int networkTimeoutMillis;
    private volatile boolean closed;

    private final String initialDatabase;

    /** Session variable OceanBase reads the default consistency of SELECTs from (STRONG / WEAK). */
    static final String READ_CONSISTENCY = "ob_read_consistency";

    /** @param initialDatabase the database the connection starts in (the URL's), or null */
    public LogicalSession(Cluster cluster, ServerConnector connector, Router router, String initialDatabase,
                          RoutingSettings settings) {
        this.cluster = cluster;
        this.connector = connector;
        this.router = router;
        this.initialDatabase = initialDatabase;
        this.settings = settings;
        if (settings.weakByDefault()) {
            state.setDriverVariable(READ_CONSISTENCY, "'WEAK'");
        }
    }

    /**
     * JDBC read-only. With {@code readOnlyWeakReads}, read-only also makes plain SELECTs weak reads
     * (and tells OceanBase servers so); leaving read-only returns them to the configured consistency.
     */
    public void setReadOnly(boolean on) {
        state.setReadOnly(on);
        if (settings.readOnlyWeakReads()) {
            state.setDriverVariable(READ_CONSISTENCY, on || settings.weakByDefault() ? "'WEAK'" : "'STRONG'");
        }
    }

    public SessionState state() {
        return state;
    }

    public Pins pins() {
        return pins;
    }

    public boolean isClosed() {
        return closed;
    }

    /** @return the server of the last statement, or null */
    public PhysicalSession last() {
        return last;
    }

    /** @return the physical sessions open now */
    public List<PhysicalSession> physicalSessions() {
        return new ArrayList<>(physicals.values());
    }

    /**
     * Handles a statement without a server when it can: {@code SET @obproxy_route_addr}, a held
     * BEGIN or SET TRANSACTION, COMMIT/ROLLBACK of a transaction not yet started.
     *
     * @return true when the statement was handled (as if it succeeded with no result)
     */
    public boolean intercept(SqlInfo info, String sql) throws SQLException {
        if (info.routeAddress() != null) {
            setForcedRoute(info.routeAddress());
            return true;
        }
        if (info.isMulti() || pins.isPinned()) {
            return false;
        }
        StatementKind kind = info.kind();
        if (kind == StatementKind.BEGIN) {
            heldBegin = sql;
            return true;
        }
        if (kind == StatementKind.SET && info.assignments().size() == 1
                && info.assignments().get(0).scope() == Assignment.Scope.NEXT_TRANSACTION) {
            heldNextTransaction = sql;
            return true;
        }
        if ((kind == StatementKind.COMMIT || kind == StatementKind.ROLLBACK) && !info.has(SqlInfo.FLAG_CHAIN)) {
            heldBegin = null; // nothing ran in it: nothing to end on any server
            heldNextTransaction = null;
            return true;
        }
        return false;
    }

    private void setForcedRoute(String address) throws SQLException {
        if (address.isEmpty() || address.equals("0")) {
            forced = null;
            return;
        }
        ServerAddress parsed = ServerAddress.parse(address);
        if (parsed == null) {
            throw new SQLException("Invalid @obproxy_route_addr '" + address + "': expected 'ip:port', '' or 0",
                    "HY000");
        }
        forced = parsed;
    }

    /**
     * @return where a statement would go now, and why
     * @throws SQLException when the routing rules leave no server for it (a weak read with
     *                      FOLLOWER_ONLY and no follower up)
     */
    public RouteDecision decide(SqlInfo info, ParameterValues parameters) throws SQLException {
        try {
            return route(info, parameters);
        } catch (NoRouteException e) {
            throw new SQLException("No server may run the statement: " + e.getMessage(), "HY000");
        }
    }

    private RouteDecision route(SqlInfo info, ParameterValues parameters) throws NoRouteException {
        PhysicalSession pinned = pins.server();
        ServerAddress lastServer = last == null ? null : last.server();
        List<Replica> replicas = null;
        boolean weak = false;
        if (pinned == null && forced == null && !router.isSticky(info, lastServer)) {
            replicas = TabletFinder.replicas(cluster.locations(), info, parameters, currentDatabase());
            weak = replicas != null && ReadConsistency.isWeak(info, state.systemVariable(READ_CONSISTENCY),
                    !state.autoCommit() || heldBegin != null);
        }
        return router.route(new Router.Request(info, pinned == null ? null : pinned.server(), lastServer, forced,
                replicas, weak, settings.policy(), weak ? idc() : ""), cluster.topology());
    }

    /** @return the client's IDC: the session's {@code @proxy_idc_name}, else the configured one */
    private String idc() {
        String variable = state.userVariable("proxy_idc_name");
        Object value = variable == null ? null : PartitionKeys.literal(variable);
        return value instanceof String && !((String) value).isEmpty() ? (String) value : settings.idc();
    }

    /** @return the rows answering {@code EXPLAIN ROUTE} for a statement: see {@link RouteDiagnostics} */
    public List<List<String>> explainRoute(SqlInfo info) {
        RouteDecision decision = null;
        String noRoute = null;
        try {
            decision = route(info, ParameterValues.NONE);
        } catch (NoRouteException e) {
            noRoute = e.getMessage();
        }
        return RouteDiagnostics.explain(cluster.locations(), info, currentDatabase(), decision, noRoute);
    }

    /** Column names of {@link #explainRoute} rows. */
    public static final List<String> EXPLAIN_ROUTE_COLUMNS = RouteDiagnostics.EXPLAIN_COLUMNS;

    /** Column names of {@link #proxyRoutes} rows. */
    public static final List<String> PROXY_ROUTE_COLUMNS = RouteDiagnostics.PROXY_ROUTE_COLUMNS;

    /** @return one row per table location the cluster has cached: {@code SHOW PROXYROUTE} */
    public List<List<String>> proxyRoutes() {
        return RouteDiagnostics.proxyRoutes(cluster.locations());
    }

    private String currentDatabase() {
        String catalog = state.catalog();
        return catalog != null ? catalog : initialDatabase;
    }

    /** Routes a statement and returns its physical session, open, in sync, held statements sent. */
    public PhysicalSession prepare(SqlInfo info) throws SQLException {
        return prepare(info, ParameterValues.NONE);
    }

    /**
     * As {@link #prepare(SqlInfo)}, routing by the values bound to the statement's markers. When
     * the tablet's replica chosen cannot be reached, its table locations are dropped (the replica may
     * have moved) before the failure is thrown.
     */
    public PhysicalSession prepare(SqlInfo info, ParameterValues parameters) throws SQLException {
        lastDecision = decide(info, parameters);
        try {
            return prepare(lastDecision.server());
        } catch (SQLException e) {
            if (routedByLocation() && e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                forEachTable(info, cluster.locations()::invalidate);
            }
            throw e;
        }
    }

    private boolean routedByLocation() {
        return lastDecision != null
                && (lastDecision.reason() == RouteReason.LEADER || lastDecision.reason() == RouteReason.FOLLOWER);
    }

    /** Error codes with which OceanBase refuses a statement sent to a stale location (odp-facts section 3). */
    private static final Set<Integer> LOCATION_REFRESH_ERRORS = Set.of(4038, 4654, 4638, 4550,
            4121, 4122, 4225, 4653, 6228, 6229, 8001, 8002, 6230, 5296);
    /** Error codes saying the server's schema moved on (odp-facts section 3): the location may be stale too. */
    private static final Set<Integer> SCHEMA_REFRESH_ERRORS = Set.of(4029, 5019, 4725, 4719, 4723, 4138, 5627,
            4242, 4283, 5269);

    /**
     * After a failure of a statement routed by its tables' locations: when the server refused it
     * because the route was stale (not master and its kin), or said its schema moved, forgets the
     * locations of its tables.
     *
     * @return true when the statement provably did not run and may be sent again, re-routed: it
     * was refused for its location, outside any transaction, with autocommit on
     */
    public boolean refusedForStaleLocation(SQLException e, SqlInfo info, PhysicalSession ps) {
        boolean stale = LOCATION_REFRESH_ERRORS.contains(e.getErrorCode());
        if (!routedByLocation() || !(stale || SCHEMA_REFRESH_ERRORS.contains(e.getErrorCode()))) {
            return false;
        }
        forEachTable(info, cluster.locations()::invalidate);
        return stale && state.autoCommit() && !pins.isPinned() && !ps.inTransaction();
    }

    /** Calls {@code action} with the database and name of each table the statement names. */
    private void forEachTable(SqlInfo info, java.util.function.BiConsumer<String, String> action) {
        for (TableName t : info.tables()) {
            String db = t.database() != null ? t.database() : currentDatabase();
            if (db != null) {
                action.accept(db, t.table());
            }
        }
    }

    /** As {@link #prepare(SqlInfo)} for a statement that must run on a given server. */
    public PhysicalSession prepare(ServerAddress server) throws SQLException {
        ensureOpen();
        PhysicalSession ps = physical(server);
        try {
            state.sync(ps);
            sendHeld(ps);
        } catch (SQLException e) {
            drop(ps);
            throw e;
        }
        return ps;
    }

    private void sendHeld(PhysicalSession ps) throws SQLException {
        if (heldNextTransaction == null && heldBegin == null) {
            return;
        }
        try (Statement st = ps.connection().createStatement()) {
            if (heldNextTransaction != null) {
                st.execute(heldNextTransaction);
            }
            if (heldBegin != null) {
                st.execute(heldBegin);
            }
        } finally {
            heldNextTransaction = null;
            heldBegin = null;
        }
    }

    /** Records what a statement that succeeded on {@code ps} changed: session state and pins. */
    public void completed(SqlInfo info, PhysicalSession ps) throws SQLException {
        last = ps;
        if (info.kind() == StatementKind.DDL || info.kind() == StatementKind.DROP_TABLE) {
            forEachTable(info, cluster.locations()::invalidate); // the schema moved: the next statement loads anew
        } else if (routedByLocation() && ps.partitionMissed()) {
            forEachTable(info, cluster.locations()::refresh); // the server says this missed the leader
        }
        boolean wasInSync = ps.syncedVersion() == state.version();
        if (info.kind() == StatementKind.USE && info.database() != null) {
            state.setCatalog(info.database());
        }
        if (!info.assignments().isEmpty()) {
            recordAssignments(info.assignments(), ps);
        }
        if (wasInSync) {
            ps.syncedTo(state.version());
        }
        pins.afterStatement(info, ps);
    }

    private void recordAssignments(List<Assignment> assignments, PhysicalSession ps) throws SQLException {
        List<Assignment> readBack = new ArrayList<>();
        for (Assignment a : assignments) {
            switch (a.scope()) {
                case SESSION:
                    if ("autocommit".equals(a.name())) {
                        state.setAutoCommit(ps.connection().getAutoCommit());
                    } else if (a.literal() != null) {
                        state.setSystemVariable(a.name(), a.literal());
                    } else {
                        readBack.add(a);
                    }
                    break;
                case USER:
                    if (a.literal() != null) {
                        state.setUserVariable(a.name(), a.literal());
                    } else {
                        readBack.add(a);
                    }
                    break;
                case CHARSET:
                    state.setCharset(a.literal());
                    break;
                case SESSION_TRANSACTION:
                    state.setSessionTransaction(a.literal());
                    break;
                default:
                    break; // GLOBAL and NEXT_TRANSACTION leave the session as it is
            }
        }
        if (!readBack.isEmpty()) {
            VariableReader.readBack(ps.connection(), readBack, state);
        }
    }

    // ------------------------------------------------------------------ JDBC-level operations

    /** JDBC commit: on the pinned server if a transaction runs there; a held BEGIN is dropped. */
    public void commit() throws SQLException {
        endTransaction(true);
    }

    public void rollback() throws SQLException {
        endTransaction(false);
    }

    private void endTransaction(boolean commit) throws SQLException {
        ensureOpen();
        heldBegin = null;
        PhysicalSession ps = pins.server();
        if (ps == null) {
            return;
        }
        if (commit) {
            ps.connection().commit();
        } else {
            ps.connection().rollback();
        }
        pins.transactionEnded(ps);
    }

    public void setAutoCommit(boolean on) throws SQLException {
        ensureOpen();
        if (on == state.autoCommit()) {
            return;
        }
        PhysicalSession ps = pins.server();
        state.setAutoCommit(on);
        if (on && ps != null) {
            // JDBC: switching autocommit on commits the running transaction, where it runs
            state.sync(ps);
            pins.transactionEnded(ps);
        }
        heldBegin = null;
    }

    /**
     * The session for a JDBC operation that needs a transaction (setSavepoint): the pinned one, or,
     * with none, the unpinned route's, with the held transaction started there.
     */
    public PhysicalSession transactionSession() throws SQLException {
        PhysicalSession pinned = pins.server();
        return pinned != null ? pinned
                : prepare(router.routeUnpinned(last == null ? null : last.server(), forced, cluster.servers()).server());
    }

    /** Pins to {@code ps} if a JDBC operation (a savepoint) left a transaction open there. */
    public void transactionMayHaveStarted(PhysicalSession ps) {
        last = ps;
        pins.transactionMayHaveStarted(ps);
    }

    public void openCursor(PhysicalSession ps) {
        pins.openCursor(ps);
    }

    public void closeCursor() {
        pins.closeCursor();
    }

    public void openCallable(PhysicalSession ps) {
        pins.openCallable(ps);
    }

    public void closeCallable() {
        pins.closeCallable();
    }

    public void setNetworkTimeout(Executor executor, int millis) throws SQLException {
        networkTimeoutMillis = millis;
        for (PhysicalSession ps : physicals.values()) {
            ps.connection().setNetworkTimeout(executor, millis);
        }
    }

    public int networkTimeout() {
        return networkTimeoutMillis;
    }

    /**
     * Forgets session state set by SQL so that the next user of a pooled connection starts fresh.
     * Physical connections that carry such state (variables, temporary tables, locks, prepared SQL)
     * are closed and reopened on demand; JDBC settings stay.
     */
    public void resetSqlState() {
        if (!state.hasSqlState() && !pins.isPinned() && forced == null) {
            return;
        }
        for (PhysicalSession ps : physicals.values()) {
            drop(ps);
        }
        state.clearSqlState();
        pins.clear();
        forced = null;
        heldBegin = null;
        heldNextTransaction = null;
    }

    // ------------------------------------------------------------------ physical connections

    private PhysicalSession physical(ServerAddress server) throws SQLException {
        PhysicalSession ps = physicals.get(server);
        if (ps != null) {
            return ps;
        }
        Connection c;
        try {
            c = connector.connect(server);
        } catch (SQLException e) {
            throw new SQLException("Cannot open a connection to server " + server + ": " + e.getMessage(),
                    e.getSQLState() != null ? e.getSQLState() : "08001", e.getErrorCode(), e);
        }
        try {
            if (networkTimeoutMillis > 0) {
                c.setNetworkTimeout(Runnable::run, networkTimeoutMillis);
            }
            ps = new PhysicalSession(server, c);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        physicals.put(server, ps);
        if (closed) { // closed by another thread meanwhile
            drop(ps);
            throw closedException();
        }
        return ps;
    }

    /** Closes one physical session, after a failure or a reset; it reopens on demand. */
    public void drop(PhysicalSession ps) {
        physicals.remove(ps.server(), ps);
        if (last == ps) {
            last = null;
        }
        if (pins.server() == ps) {
            pins.clear();
        }
        ps.close();
    }

    public void close() {
        closed = true;
        for (PhysicalSession ps : physicals.values()) {
            ps.close();
        }
        physicals.clear();
        pins.clear();
    }

    public void abort() {
        closed = true;
        for (PhysicalSession ps : physicals.values()) {
            ps.abort();
        }
        physicals.clear();
    }

    private void ensureOpen() throws SQLException {
        if (closed) {
            throw closedException();
        }
    }

    private static SQLException closedException() {
        return new SQLException("Connection is closed", "08003");
    }
}

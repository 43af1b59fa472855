package io.obproxy.session;

import io.obproxy.cluster.Cluster;
import io.obproxy.cluster.Deployment;
import io.obproxy.cluster.Health;
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
import io.obproxy.session.FailurePolicy.Phase;
import io.obproxy.session.FailurePolicy.Position;
import io.obproxy.sql.Assignment;
import io.obproxy.sql.SqlInfo;
import io.obproxy.sql.StatementKind;
import io.obproxy.sql.TableName;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 *   <li>Physical connections: at most one per server, opened on first use ({@link PhysicalSessions}).</li>
 *   <li>Threads: used by one thread at a time, as JDBC connections are; {@link #close} and
 *   {@link #abort} may come from another thread, hence the volatile flags.</li>
 * </ul>
 */
public final class LogicalSession {
    private final Deployment deployment;
    private final Router router;
    private final RoutingSettings settings;
    private final SessionState state = new SessionState();
    private final Pins pins = new Pins();
    private final PhysicalSessions physicals;
    private PhysicalSession last;
    private RouteDecision lastDecision;
    private ServerAddress forced;
    private HeldBegin heldBegin;
    /** The held BEGIN sent on the current attempt's server just before its statement, until that statement completes. */
    private HeldBegin sentBegin;
    private String heldNextTransaction;
    /** The time_zone setting {@link #zone} was parsed from (compared by identity: SessionState keeps the text). */
    private String zoneSetting;
    private ZoneId zone;
    private volatile boolean closed;
    private volatile boolean killed;
    private volatile Statement running;
    private volatile boolean queryKilled;
    private KillWatch killWatch = KillWatch.NONE;

    private final String initialDatabase;

    /** @return the cluster strong reads and writes go to now (the primary, see {@link Deployment}) */
    private Cluster cluster() {
        return deployment.current();
    }

    /** Session variable OceanBase reads the default consistency of SELECTs from (STRONG / WEAK). */
    static final String READ_CONSISTENCY = "ob_read_consistency";

    /** @param initialDatabase the database the connection starts in (the URL's), or null */
    public LogicalSession(Deployment deployment, ServerConnector connector, Router router, String initialDatabase,
                          RoutingSettings settings) {
        this.deployment = deployment;
        this.physicals = new PhysicalSessions(deployment, connector);
        this.router = router;
        this.initialDatabase = initialDatabase;
        this.settings = settings;
        if (settings.weakByDefault()) {
            state.setDriverVariable(READ_CONSISTENCY, "'WEAK'");
        }
    }

    /** Sets how the session learns it was killed from another instance (before its first statement). */
    public void watchForKills(KillWatch watch) {
        this.killWatch = watch;
    }

    /** The physical statement the session runs now (cleared with null), for KILL QUERY. */
    public void running(Statement physical) {
        running = physical;
    }

    /** KILL QUERY: cancels the statement running now, on its server; the session stays usable. */
    public void killQuery() {
        Statement st = running;
        if (st != null) {
            queryKilled = true;
            try {
                st.cancel();
            } catch (SQLException e) {
                // it ended meanwhile, or its connection is gone: nothing runs
            }
        }
    }

    /**
     * KILL CONNECTION: the session is closed, the statement running now (if any) is cancelled and
     * fails as killed, every physical connection is closed. May come from any thread.
     */
    public void kill() {
        killed = true;
        killQuery();
        abort();
        killWatch.killed();
    }

    /** @return true once the session was killed (locally or from another instance) */
    public boolean isKilled() {
        return killed;
    }

    /** @return true once after a KILL QUERY cancelled the running statement (then MySQL's 1317 is due) */
    boolean consumeQueryKilled() {
        boolean was = queryKilled;
        queryKilled = false;
        return was;
    }

    /** @return MySQL's error for a statement of a killed session (MariaDB's ER_CONNECTION_KILLED) */
    public static SQLException killedException() {
        return new SQLException("Connection was killed", "70100", 1927);
    }

    /**
     * After a physical connection ({@code broken}, or null when unknown) broke: when the cluster
     * holds a mark saying this session was killed from another instance, it is killed here too.
     *
     * @return true when it was
     */
    boolean killedElsewhere(PhysicalSession broken) {
        if (!killed && killWatch.killedElsewhere(broken == null ? null : broken.server())) {
            kill();
        }
        return killed;
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

    /** @return true while a transaction is open or a BEGIN is held for the next statement */
    public boolean inTransaction() {
        return heldBegin != null || pins.inTransaction();
    }

    /** @return the server of the last statement, or null */
    public PhysicalSession last() {
        return last;
    }

    /** @return the physical sessions open now */
    public List<PhysicalSession> physicalSessions() {
        return physicals.all();
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
        if (kind == StatementKind.BEGIN || info.has(SqlInfo.FLAG_XA_START)) {
            heldBegin = new HeldBegin(sql, info);
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
                    "HY000", ER_WRONG_VALUE_FOR_VAR);
        }
        ServerAddress listed = deployment.listedServer(parsed);
        if (listed == null) {
            throw new SQLException("@obproxy_route_addr '" + address + "' is not a server of the cluster: a forced route"
                    + " may name only a server its metadata lists (SHOW PROXYROUTE, SHOW PROCESSLIST name them)", "HY000",
                    ER_WRONG_VALUE_FOR_VAR);
        }
        forced = listed;
    }

    /** MySQL's "Variable 'x' can't be set to the value of 'y'". */
    private static final int ER_WRONG_VALUE_FOR_VAR = 1231;

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
        ServerAddress forcedTo = pinned == null ? forcedRoute() : null;
        ServerAddress lastServer = last == null ? null : last.server();
        List<Replica> replicas = null;
        boolean weak = false;
        Cluster cluster = cluster();
        if (pinned == null && forcedTo == null && !router.isSticky(info, lastServer)) {
            boolean weakRead = ReadConsistency.isWeak(info, state.systemVariable(READ_CONSISTENCY),
                    !state.autoCommit() || heldBegin != null);
            Cluster standby = weakRead && settings.standbyWeakReads() ? deployment.standby() : null;
            cluster = standby != null ? standby : cluster;
            replicas = TabletFinder.replicas(cluster.locations(), info, parameters, currentDatabase(), timeZone());
            weak = weakRead && replicas != null;
        }
        return router.route(new Router.Request(info, pinned == null ? null : pinned.server(), lastServer, forcedTo,
                replicas, weak, settings.policy(), weak ? idc() : ""), cluster.topology());
    }

    /**
     * @return where each entry of a batch of {@code info} would run, when the batch may be split by
     * server: outside any transaction (autocommit, nothing held or pinned), no route forced; null
     * when it must run whole on one server
     */
    public List<RouteDecision> batchRoutes(SqlInfo info, List<? extends ParameterValues> entries) throws SQLException {
        if (pins.isPinned() || heldBegin != null || heldNextTransaction != null || !state.autoCommit() || forced != null
                || info.isMulti()) {
            return null;
        }
        List<RouteDecision> routes = new ArrayList<>(entries.size());
        for (ParameterValues entry : entries) {
            routes.add(decide(info, entry));
        }
        return routes;
    }

    /**
     * @return the forced route ({@code @obproxy_route_addr}), null when none; checked against the
     * server list again at each use, since a server may have left the cluster since it was set
     */
    private ServerAddress forcedRoute() throws NoRouteException {
        if (forced != null && !deployment.lists(forced)) {
            throw new NoRouteException("@obproxy_route_addr " + forced + " is no longer a server of the cluster;"
                    + " set another, or '' to route freely");
        }
        return forced;
    }

    /**
     * @return the session's time zone as {@code SET time_zone} gave it (an offset or a named zone),
     * or null when it is the server's {@code SYSTEM} zone or was never set: unknown here
     */
    private ZoneId timeZone() {
        String setting = state.systemVariable("time_zone");
        if (setting != zoneSetting) {
            zoneSetting = setting;
            zone = SessionZones.parse(setting == null ? null : PartitionKeys.literal(setting));
        }
        return zone;
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
        return RouteDiagnostics.explain(cluster().locations(), info, currentDatabase(), timeZone(), decision, noRoute);
    }

    /** Column names of {@link #explainRoute} rows. */
    public static final List<String> EXPLAIN_ROUTE_COLUMNS = RouteDiagnostics.EXPLAIN_COLUMNS;

    /** Column names of {@link #proxyRoutes} rows. */
    public static final List<String> PROXY_ROUTE_COLUMNS = RouteDiagnostics.PROXY_ROUTE_COLUMNS;

    /** @return one row per table location the cluster has cached: {@code SHOW PROXYROUTE} */
    public List<List<String>> proxyRoutes() {
        return RouteDiagnostics.proxyRoutes(cluster().locations());
    }

    private String currentDatabase() {
        String catalog = state.catalog();
        return catalog != null ? catalog : initialDatabase;
    }

    /** Routes a statement and returns its physical session, open, in sync, held statements sent. */
    public PhysicalSession prepare(SqlInfo info) throws SQLException {
        return prepare(info, ParameterValues.NONE);
    }

    /** As {@link #prepare(SqlInfo)}, routing by the values bound to the statement's markers. */
    public PhysicalSession prepare(SqlInfo info, ParameterValues parameters) throws SQLException {
        return prepare(info, parameters, List.of());
    }

    /**
     * As {@link #prepare(SqlInfo, ParameterValues)} for a later attempt of one execution: a default
     * route does not go back to a server that refused the statement in an earlier attempt.
     *
     * @throws SQLException when every usable server refused it
     */
    PhysicalSession prepare(SqlInfo info, ParameterValues parameters, List<ServerAddress> refusedBy) throws SQLException {
        RouteDecision decision = decide(info, parameters);
        if (!refusedBy.isEmpty()) {
            decision = router.avoiding(decision, refusedBy, cluster().topology());
            if (decision == null) {
                throw new SQLException("Every server refused the statement before running it: " + refusedBy, "HY000");
            }
        }
        lastDecision = decision;
        return prepare(decision.server());
    }

    /** @return true when the last attempt was routed by default (no location, no pin, nothing forced) */
    boolean routedByDefault() {
        return lastDecision != null && lastDecision.reason() == RouteReason.DEFAULT;
    }

    // ------------------------------------------------------------------ executions and their failures

    /** Starts one execution of a statement, to be run through its attempts (see {@link Execution}). */
    public Execution execution(SqlInfo info) {
        queryKilled = false; // a KILL QUERY that came as the previous statement ended is spent
        Position position = pins.isPinned() ? Position.INSIDE
                : heldBegin != null || !state.autoCommit() ? Position.FIRST : Position.OUTSIDE;
        return new Execution(this, info, position, heldBegin, heldNextTransaction, settings.failoverTimeoutMillis(),
                cluster().topology().active().size());
    }

    /**
     * What a failed attempt teaches: the server's health (a broken connection makes it SUSPECT, a
     * "server down" error DEAD), stale locations of the statement's tables (refused for its location
     * or schema, whatever the route; the replica chosen by location unreachable), and a broken
     * connection is dropped.
     */
    void learnFrom(SQLException e, Phase phase, boolean broken, SqlInfo info, PhysicalSession ps) {
        int code = e.getErrorCode();
        ServerAddress server = ps != null ? ps.server() : lastDecision == null ? null : lastDecision.server();
        if (server != null && FailurePolicy.SERVER_DOWN.contains(code)) {
            deployment.clusterOf(server).reportConnectFailure(server, "error " + code + ": " + e.getMessage());
        } else if (server != null && broken && phase == Phase.EXECUTE) {
            deployment.clusterOf(server).reportBrokenConnection(server, e.getMessage());
        }
        if (FailurePolicy.isNotPrimary(e)) {
            deployment.refreshRoles(); // a switchover: the next attempt goes to the new primary
        }
        if (FailurePolicy.STALE_LOCATION.contains(code) || FailurePolicy.STALE_SCHEMA.contains(code)
                || (broken && routedByLocation())) {
            forEachTable(info, cluster().locations()::invalidate); // also when the leader was skipped as DEAD
        }
        if (FailurePolicy.STALE_LOCATION.contains(code)) {
            cluster().recheckDeadServers(); // the leader may be one this driver gave up on too early
        }
        if (broken && ps != null) {
            drop(ps);
        }
    }

    /** @return true when another attempt could go to another server: the last route was by location or default */
    boolean routeCanChange() {
        return lastDecision == null || lastDecision.reason() == RouteReason.LEADER
                || lastDecision.reason() == RouteReason.FOLLOWER || lastDecision.reason() == RouteReason.DEFAULT;
    }

    /** @return true when writes may move to another cluster (see {@link Deployment#followsThePrimary}) */
    boolean followsThePrimary() {
        return deployment.followsThePrimary();
    }

    /** Puts back the held BEGIN / SET TRANSACTION an attempt consumed, for the next attempt. */
    void restoreHeld(HeldBegin begin, String nextTransaction) {
        heldBegin = begin;
        heldNextTransaction = nextTransaction;
    }

    /** @return the error as the server gave it; a transaction it left open on a live connection stays pinned */
    SQLException failedStatement(SQLException e, PhysicalSession ps) {
        if (ps != null && physicals.holds(ps)) {
            transactionMayHaveStarted(ps);
        }
        return e;
    }

    /** @return SQLSTATE 08007: a write or COMMIT was sent and its answer lost; it is not sent again */
    SQLException outcomeUnknown(SQLException e, PhysicalSession ps) {
        pins.clear();
        heldBegin = null;
        heldNextTransaction = null;
        return new SQLException("The connection to server " + where(ps) + " broke after the statement was sent,"
                + " so whether it took effect is unknown; it was not sent again (" + e.getMessage() + ")",
                "08007", e.getErrorCode(), e);
    }

    /**
     * @return SQLSTATE 40001: the connection holding the session's transaction (or pinned state)
     * failed; the server rolls the transaction back; the logical connection is free for the next one
     */
    SQLException transactionLost(SQLException e, PhysicalSession ps) {
        String reasons = pins.reasons().toString();
        if (ps != null) {
            drop(ps);
        }
        pins.clear();
        heldBegin = null;
        heldNextTransaction = null;
        return new SQLException("Transaction lost: the connection to server " + where(ps) + " failed while the session"
                + " was pinned there " + reasons + "; the server rolls the transaction back and drops temporary"
                + " tables and locks; run the transaction again (" + e.getMessage() + ")", "40001", e.getErrorCode(), e);
    }

    private String where(PhysicalSession ps) {
        return ps != null ? ps.server().toString() : lastDecision == null ? "(none)" : lastDecision.server().toString();
    }

    private boolean routedByLocation() {
        return lastDecision != null
                && (lastDecision.reason() == RouteReason.LEADER || lastDecision.reason() == RouteReason.FOLLOWER);
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

    /**
     * As {@link #prepare(SqlInfo)} for a statement that must run on a given server. A connection
     * opened before the server last failed is not trusted: unpinned it is replaced (nothing was
     * sent on it), pinned to a server now DEAD it fails as a broken connection.
     */
    public PhysicalSession prepare(ServerAddress server) throws SQLException {
        ensureOpen();
        PhysicalSession existing = physicals.get(server);
        Cluster owner = deployment.clusterOf(server);
        if (existing != null && existing.epoch() != owner.failureEpoch(server)) {
            if (pins.server() != existing) {
                drop(existing);
            } else if (owner.topology().health(server) == Health.DEAD) {
                drop(existing);
                throw new SQLException("Server " + server + " is down", "08S01");
            }
        }
        PhysicalSession idle = physicals.get(server);
        if (idle != null && idle.closedWhileIdle()) {
            if (pins.server() == idle) { // what it was pinned for (a transaction, ...) is gone: the failure path says so
                throw new SQLException("The connection to server " + server + " was closed by the server while idle",
                        "08S01"); // the pins are cleared there; the next statement drops the connection below
            }
            drop(idle); // the statement was not sent: a new connection serves it
        }
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
                st.execute(heldBegin.sql());
                sentBegin = heldBegin;
            }
        } finally {
            heldNextTransaction = null;
            heldBegin = null;
        }
    }

    /**
     * Records what a statement that succeeded on {@code ps} changed: session state and pins.
     *
     * @param replyComplete false while the statement's result is still being read from the server
     *                      (streamed or fetched by cursor)
     */
    public void completed(SqlInfo info, PhysicalSession ps, boolean replyComplete) throws SQLException {
        last = ps;
        if (info.kind() == StatementKind.DDL || info.kind() == StatementKind.DROP_TABLE) {
            forEachTable(info, cluster().locations()::invalidate); // the schema moved: the next statement loads anew
        } else if (routedByLocation() && ps.partitionMissed()) {
            forEachTable(info, cluster().locations()::refresh); // the server says this missed the leader
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
        HeldBegin began = sentBegin;
        sentBegin = null;
        pins.afterStatement(info, ps, began == null ? null : began.info(), replyComplete, state.autoCommit());
    }

    private void recordAssignments(List<Assignment> assignments, PhysicalSession ps) throws SQLException {
        List<Assignment> readBack = new ArrayList<>();
        for (Assignment a : assignments) {
            switch (a.scope()) {
                case SESSION:
                    if ("autocommit".equals(a.name())) {
                        autoCommitSet(a.literal(), ps);
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

    /**
     * {@code SET autocommit = ...} ran on {@code ps}: that server has the new mode (and committed a
     * running transaction if it was switched on). Connector/J is told too, since its commit and
     * rollback depend on it and it does not read SET statements (it sends nothing when the flag is
     * already what it is told); the logical session records it for the other servers.
     */
    private void autoCommitSet(String literal, PhysicalSession ps) throws SQLException {
        Boolean on = switchValue(literal);
        if (on == null) {
            try (Statement st = ps.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT @@autocommit")) {
                on = rs.next() && rs.getInt(1) == 1;
            }
        }
        ps.connection().setAutoCommit(on);
        state.setAutoCommit(on);
        if (on) {
            heldBegin = null;
        }
    }

    /** @return the boolean a literal sets a switch to (1/0, ON/OFF, TRUE/FALSE, quoted or not), or null */
    static Boolean switchValue(String literal) {
        if (literal == null) {
            return null;
        }
        String v = literal.replace("'", "").replace("\"", "").trim().toUpperCase(Locale.ROOT);
        switch (v) {
            case "1": case "ON": case "TRUE": return Boolean.TRUE;
            case "0": case "OFF": case "FALSE": return Boolean.FALSE;
            default: return null;
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

    /**
     * Commit or rollback where the transaction runs. When the connection breaks: a commit's outcome
     * is unknown (SQLSTATE 08007); a rollback has happened (the server rolls back a transaction whose
     * connection is gone), so it succeeds.
     */
    private void endTransaction(boolean commit) throws SQLException {
        ensureOpen();
        heldBegin = null;
        PhysicalSession ps = pins.server();
        if (ps == null) {
            return;
        }
        try {
            if (commit) {
                ps.connection().commit();
            } else {
                ps.connection().rollback();
            }
        } catch (SQLException e) {
            if (!FailurePolicy.isBrokenConnection(e)) {
                throw e;
            }
            deployment.clusterOf(ps.server()).reportBrokenConnection(ps.server(), e.getMessage());
            drop(ps);
            SQLException lost = outcomeUnknown(e, ps);
            if (commit) {
                throw lost;
            }
            return;
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
        if (pinned != null) {
            return pinned;
        }
        try {
            return prepare(router.routeUnpinned(last == null ? null : last.server(), forcedRoute(), cluster().topology())
                    .server());
        } catch (NoRouteException e) {
            throw new SQLException("No server may run the statement: " + e.getMessage(), "HY000");
        }
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
        physicals.setNetworkTimeout(executor, millis);
    }

    public int networkTimeout() {
        return physicals.networkTimeout();
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
        for (PhysicalSession ps : physicals.all()) {
            drop(ps);
        }
        state.clearSqlState();
        pins.clear();
        forced = null;
        heldBegin = null;
        heldNextTransaction = null;
    }

    // ------------------------------------------------------------------ physical connections

    /** @return the session's connection to {@code server}, opened now if it has none */
    private PhysicalSession physical(ServerAddress server) throws SQLException {
        PhysicalSession ps = physicals.get(server);
        if (ps != null) {
            return ps;
        }
        int epoch = deployment.clusterOf(server).failureEpoch(server);
        Connection c = physicals.open(server);
        if (killWatch.killedElsewhere(c)) {
            c.close();
            kill();
            throw killedException();
        }
        ps = physicals.add(server, c, epoch);
        if (closed) { // closed by another thread meanwhile
            drop(ps);
            throw closedException();
        }
        return ps;
    }

    /** A physical session failed a validity check: its server is SUSPECT and the session is dropped. */
    public void failedValidation(PhysicalSession ps) {
        deployment.clusterOf(ps.server()).reportBrokenConnection(ps.server(), "validation failed");
        drop(ps);
    }

    /** Closes one physical session, after a failure or a reset; it reopens on demand. */
    public void drop(PhysicalSession ps) {
        physicals.remove(ps);
        if (last == ps) {
            last = null;
        }
        if (pins.server() == ps) {
            pins.clear();
        }
    }

    public void close() {
        closed = true;
        physicals.closeAll();
        pins.clear();
    }

    public void abort() {
        closed = true;
        physicals.abortAll();
    }

    private void ensureOpen() throws SQLException {
        if (killed) {
            throw killedException();
        }
        if (closed) {
            throw closedException();
        }
    }

    private static SQLException closedException() {
        return new SQLException("Connection is closed", "08003");
    }
}

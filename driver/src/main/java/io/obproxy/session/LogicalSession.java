package io.obproxy.session;

import io.obproxy.cluster.Cluster;
import io.obproxy.cluster.Deployment;
import io.obproxy.cluster.Health;
import io.obproxy.cluster.ServerAddress;
import io.obproxy.cluster.ServerConnector;
import io.obproxy.route.ParameterValues;
import io.obproxy.route.RouteDecision;
import io.obproxy.route.Router;
import io.obproxy.session.FailurePolicy.Phase;
import io.obproxy.sql.Assignment;
import io.obproxy.session.FailurePolicy.Position;
import io.obproxy.sql.SqlInfo;
import io.obproxy.sql.StatementKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger log = LoggerFactory.getLogger(LogicalSession.class);
    private final Deployment deployment;
    private final RoutingSettings settings;
    private final SessionState state = new SessionState();
    private final Pins pins = new Pins();
    private final PhysicalSessions physicals;
    private final HeldStatements held = new HeldStatements();
    private final ForcedRoute forced;
    private final SessionRouter routes;
    private final EffectRecorder effects;
    private final KillSwitch kills = new KillSwitch();
    private final FailureFeedback feedback;
    private PhysicalSession last;
    private volatile boolean closed;
    private String name = "connection (not yet numbered)";

    /** @param initialDatabase the database the connection starts in (the URL's), or null */
    public LogicalSession(Deployment deployment, ServerConnector connector, Router router, String initialDatabase,
                          RoutingSettings settings) {
        this.deployment = deployment;
        this.physicals = new PhysicalSessions(deployment, connector);
        this.settings = settings;
        this.forced = new ForcedRoute(deployment);
        this.routes = new SessionRouter(deployment, router, settings, state, pins, held, forced, initialDatabase);
        this.effects = new EffectRecorder(state, pins, held, routes);
        this.feedback = new FailureFeedback(deployment, routes);
        if (settings.weakByDefault()) {
            state.setDriverVariable(SessionRouter.READ_CONSISTENCY, "'WEAK'");
        }
    }

    /** Sets how the session learns it was killed from another instance (before its first statement). */
    public void watchForKills(KillWatch watch) {
        kills.watch(watch);
    }

    /** The physical statement the session runs now (cleared with null), for KILL QUERY. */
    public void running(Statement physical) {
        kills.running(physical);
    }

    /** KILL QUERY: cancels the statement running now, on its server; the session stays usable. */
    public void killQuery() {
        kills.killQuery();
    }

    /**
     * KILL CONNECTION: the session is closed, the statement running now (if any) is cancelled and
     * fails as killed, every physical connection is closed. May come from any thread.
     */
    public void kill() {
        kills.kill();
        kills.announce(); // first: whoever watches (a front end) knows before the running statement fails
        abort();
    }

    /** @return true once the session was killed (locally or from another instance) */
    public boolean isKilled() {
        return kills.isKilled();
    }

    /** @return true once after a KILL QUERY cancelled the running statement (then MySQL's 1317 is due) */
    boolean consumeQueryKilled() {
        return kills.consumeQueryKilled();
    }

    /** @return MySQL's error for a statement of a killed session (MariaDB's ER_CONNECTION_KILLED) */
    public static SQLException killedException() {
        return KillSwitch.killedException();
    }

    /**
     * After a physical connection ({@code broken}, or null when unknown) broke: when the cluster
     * holds a mark saying this session was killed from another instance, it is killed here too.
     *
     * @return true when it was
     */
    boolean killedElsewhere(PhysicalSession broken) {
        if (kills.markedElsewhere(broken == null ? null : broken.server())) {
            kill();
        }
        return kills.isKilled();
    }

    /**
     * JDBC read-only. With {@code readOnlyWeakReads}, read-only also makes plain SELECTs weak reads
     * (and tells OceanBase servers so); leaving read-only returns them to the configured consistency.
     */
    public void setReadOnly(boolean on) {
        state.setReadOnly(on);
        if (settings.readOnlyWeakReads()) {
            state.setDriverVariable(SessionRouter.READ_CONSISTENCY, on || settings.weakByDefault() ? "'WEAK'" : "'STRONG'");
        }
    }

    /** @return the session state (for this package's tests; the jdbc layer uses the methods below) */
    SessionState state() {
        return state;
    }

    /** @return the pins (for this package's tests; the jdbc layer uses the methods below) */
    Pins pins() {
        return pins;
    }

    /** @return true in autocommit mode (as JDBC set it, or SET autocommit) */
    public boolean autoCommit() {
        return state.autoCommit();
    }

    /** @return the JDBC isolation level, or -1 when the session never set one */
    public int isolation() {
        return state.isolation();
    }

    /** Records the JDBC isolation level, applied to each server before its next statement. */
    public void setIsolation(int level) {
        state.setIsolation(level);
    }

    /** @return true when the session is read-only (JDBC) */
    public boolean readOnly() {
        return state.readOnly();
    }

    /** @return the current database as the session set it (USE, setCatalog), or null */
    public String catalog() {
        return state.catalog();
    }

    /** Records the current database, applied to each server before its next statement. */
    public void setCatalog(String catalog) {
        state.setCatalog(catalog);
    }

    /** @return the version of the session state, which each physical session is synced up to */
    public long stateVersion() {
        return state.version();
    }

    /** Records system variables as if SET with these literal values, applied to each server before its next statement. */
    public void setSystemVariables(Map<String, String> literals) {
        literals.forEach(state::setSystemVariable);
    }

    /** @return the server the session is pinned to, or null when it is free to move */
    public PhysicalSession pinnedServer() {
        return pins.server();
    }

    /** @return why the session is pinned now (TRANSACTION, CURSOR, ...), in a fixed order; empty when free */
    public List<String> pinReasons() {
        List<String> names = new ArrayList<>();
        pins.reasons().forEach(r -> names.add(r.name()));
        return names;
    }

    public boolean isClosed() {
        return closed;
    }

    /** @return true while a transaction is open or a BEGIN is held for the next statement */
    public boolean inTransaction() {
        return held.holdsBegin() || pins.inTransaction();
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
            forced.set(info.routeAddress());
            return true;
        }
        if (info.isMulti() || pins.isPinned()) {
            return false;
        }
        StatementKind kind = info.kind();
        if (kind == StatementKind.BEGIN || info.has(SqlInfo.FLAG_XA_START)) {
            held.holdBegin(sql, info);
            return true;
        }
        if (kind == StatementKind.SET && info.assignments().size() == 1
                && info.assignments().get(0).scope() == Assignment.Scope.NEXT_TRANSACTION) {
            held.holdNextTransaction(sql);
            return true;
        }
        if ((kind == StatementKind.COMMIT || kind == StatementKind.ROLLBACK) && !info.has(SqlInfo.FLAG_CHAIN)) {
            held.clear(); // nothing ran in it: nothing to end on any server
            return true;
        }
        return false;
    }

    /**
     * @return where a statement would go now, and why
     * @throws SQLException when the routing rules leave no server for it (a weak read with
     *                      FOLLOWER_ONLY and no follower up)
     */
    public RouteDecision decide(SqlInfo info, ParameterValues parameters) throws SQLException {
        return routes.decide(info, parameters, lastServer());
    }

    /**
     * @return where each entry of a batch of {@code info} would run, when the batch may be split by
     * server (outside any transaction, nothing held or pinned, no route forced); null when it must
     * run whole on one server
     */
    public List<RouteDecision> batchRoutes(SqlInfo info, List<? extends ParameterValues> entries) throws SQLException {
        return routes.batchRoutes(info, entries, lastServer());
    }

    /** @return the rows answering {@code EXPLAIN ROUTE} for a statement: see {@link RouteDiagnostics} */
    public List<List<String>> explainRoute(SqlInfo info) {
        return routes.explain(info, lastServer());
    }

    /** Column names of {@link #explainRoute} rows. */
    public static final List<String> EXPLAIN_ROUTE_COLUMNS = RouteDiagnostics.EXPLAIN_COLUMNS;

    /** Column names of {@link #proxyRoutes} rows. */
    public static final List<String> PROXY_ROUTE_COLUMNS = RouteDiagnostics.PROXY_ROUTE_COLUMNS;

    /** @return one row per table location the cluster has cached: {@code SHOW PROXYROUTE} */
    public List<List<String>> proxyRoutes() {
        return routes.proxyRoutes();
    }

    private ServerAddress lastServer() {
        return last == null ? null : last.server();
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
        RouteDecision decision = routes.decideAttempt(info, parameters, lastServer(), refusedBy);
        if (log.isDebugEnabled()) {
            log.debug("{}: {} to {} ({})", name, info.kind(), decision.server(), decision.reason());
        }
        return prepare(decision.server());
    }

    /** @return true when a usable server of the current cluster is not among {@code refusedBy} */
    boolean anotherServerThan(List<ServerAddress> refusedBy) {
        return !refusedBy.containsAll(routes.cluster().topology().active());
    }

    /** @return true when the last attempt was routed by default, the statement's tablet unknown */
    boolean routedWithoutTablet() {
        return routes.routedWithoutTablet();
    }

    // ------------------------------------------------------------------ executions and their failures

    /** Starts one execution of a statement, to be run through its attempts (see {@link Execution}). */
    public Execution execution(SqlInfo info) {
        kills.newExecution();
        Position position = pins.isPinned() ? Position.INSIDE
                : held.holdsBegin() || !state.autoCommit() ? Position.FIRST : Position.OUTSIDE;
        return new Execution(this, info, position, held.snapshot(), settings.failoverTimeoutMillis(),
                routes.cluster().topology().active().size());
    }

    /** What a failed attempt teaches the cluster ({@link FailureFeedback}); a broken connection is dropped. */
    void learnFrom(SQLException e, Phase phase, boolean broken, SqlInfo info, PhysicalSession ps) {
        feedback.learn(e, phase, broken, info, ps != null ? ps.server() : routes.lastServer());
        if (broken && ps != null) {
            drop(ps);
        }
    }

    /** @return true when another attempt could go to another server: the last route was by location or default */
    boolean routeCanChange() {
        return routes.routeCanChange();
    }

    /** @return true when writes may move to another cluster (see {@link Deployment#followsThePrimary}) */
    boolean followsThePrimary() {
        return deployment.followsThePrimary();
    }

    /** Puts back the held BEGIN / SET TRANSACTION an attempt consumed, for the next attempt. */
    void restoreHeld(HeldStatements.Snapshot snapshot) {
        held.restore(snapshot);
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
        log.debug("{}: the connection to {} broke after the statement was sent: outcome unknown (08007)", name, where(ps), e);
        pins.clear();
        held.clear();
        return new SQLException("The connection to server " + where(ps) + " broke after the statement was sent,"
                + " so whether it took effect is unknown; it was not sent again (" + e.getMessage() + ")",
                "08007", e.getErrorCode(), e);
    }

    /**
     * @return SQLSTATE 40001: the connection holding the session's transaction (or pinned state)
     * failed; the server rolls the transaction back; the logical connection is free for the next one
     */
    SQLException transactionLost(SQLException e, PhysicalSession ps) {
        log.debug("{}: the connection to {} failed while pinned there {}: transaction lost (40001)", name, where(ps),
                pins.reasons(), e);
        String reasons = pins.reasons().toString();
        if (ps != null) {
            drop(ps);
        }
        pins.clear();
        held.clear();
        return new SQLException("Transaction lost: the connection to server " + where(ps) + " failed while the session"
                + " was pinned there " + reasons + "; the server rolls the transaction back and drops temporary"
                + " tables and locks; run the transaction again (" + e.getMessage() + ")", "40001", e.getErrorCode(), e);
    }

    private String where(PhysicalSession ps) {
        ServerAddress server = ps != null ? ps.server() : routes.lastServer();
        return server == null ? "(none)" : server.toString();
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
            held.sendOn(ps);
        } catch (SQLException e) {
            drop(ps);
            throw e;
        }
        return ps;
    }

    /**
     * Records what a statement that succeeded on {@code ps} changed: session state and pins.
     *
     * @param replyComplete false while the statement's result is still being read from the server
     *                      (streamed or fetched by cursor)
     */
    public void completed(SqlInfo info, PhysicalSession ps, boolean replyComplete) throws SQLException {
        last = ps;
        PhysicalSession pinnedBefore = pins.server();
        effects.completed(info, ps, replyComplete);
        if (log.isDebugEnabled() && pins.server() != pinnedBefore) {
            log.debug(pins.server() == null ? "{}: free to move again" : "{}: pinned to {} {}", name, ps.server(),
                    pins.reasons());
        }
    }

    /**
     * Names the session in its log lines: its connection's ODP-style id, as SHOW PROCESSLIST shows it.
     * (Lines about one server say which.)
     */
    public void logAs(long connectionId) {
        name = "connection " + connectionId;
    }

    /** @return how the session's log lines name it */
    String name() {
        return name;
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
        held.dropBegin();
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
        held.dropBegin();
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
        return prepare(routes.unpinned(lastServer()));
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
        if (!state.hasSqlState() && !pins.isPinned() && !forced.isSet()) {
            return;
        }
        for (PhysicalSession ps : physicals.all()) {
            drop(ps);
        }
        state.clearSqlState();
        pins.clear();
        forced.clear();
        held.clear();
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
        if (kills.markedElsewhere(c)) {
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
        if (kills.isKilled()) {
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

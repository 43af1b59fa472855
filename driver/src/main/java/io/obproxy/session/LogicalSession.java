package io.obproxy.session;

import io.obproxy.cluster.Deployment;
import io.obproxy.cluster.ServerConnector;
import io.obproxy.route.ParameterValues;
import io.obproxy.route.RouteDecision;
import io.obproxy.route.Router;
import io.obproxy.sql.Assignment;
import io.obproxy.sql.SqlInfo;
import io.obproxy.sql.StatementKind;
import io.obproxy.sql.StatementParser;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * One application session (one logical connection) over at most one physical connection per
 * server: what the jdbc layer asks of it, answered by the session's parts ({@link SessionParts}).
 *
 * <p>Implementation notes.
 * <ul>
 *   <li>Statement cycle: {@link #intercept} answers what needs no server; otherwise an
 *   {@link Execution} routes each attempt ({@link SessionRouter}), makes its physical session ready
 *   ({@link ServerSessions}: opened lazily, session state replayed, held statements sent), runs
 *   the jdbc layer's {@link Attempt}, and records the statement's effects and pins
 *   ({@link EffectRecorder}, {@link Pins}) or judges its failure. JDBC calls that reach a server
 *   without a statement of the application (commit, rollback, savepoints, autocommit, validity,
 *   metadata) run through the same pipeline as {@link ServerWork} ({@link #call}, {@link #probe},
 *   {@link JdbcTransactions}).</li>
 *   <li>Held statements (as ODP): {@code BEGIN}/{@code START TRANSACTION} and {@code SET
 *   TRANSACTION} are not sent when issued but just before the next statement, on that statement's
 *   server, so a transaction starts where its first statement runs. A COMMIT or ROLLBACK of a
 *   transaction that never ran a statement is answered locally.</li>
 *   <li>Session effects are recorded only after the server accepted the statement; SET values that
 *   are expressions are read back from that server (one extra round trip per such SET).</li>
 *   <li>Threads: used by one thread at a time, as JDBC connections are; {@link #close},
 *   {@link #abort}, {@link #kill} and {@link #killQuery} may come from another thread.</li>
 * </ul>
 */
public final class LogicalSession {
    /** Column names of {@link #explainRoute} rows. */
    public static final List<String> EXPLAIN_ROUTE_COLUMNS = RouteDiagnostics.EXPLAIN_COLUMNS;
    /** Column names of {@link #proxyRoutes} rows. */
    public static final List<String> PROXY_ROUTE_COLUMNS = RouteDiagnostics.PROXY_ROUTE_COLUMNS;
    /** How work tied to no statement's data counts for routing and failures: a plain read. */
    private static final SqlInfo ANY_SERVER = StatementParser.parse("SELECT 1");

    private final SessionParts parts;
    private final SessionState state;
    private final Pins pins;
    private final HeldStatements held;
    private final ServerSessions servers;
    private final SessionRouter routes;
    private final JdbcTransactions transactions;

    /** @param initialDatabase the database the connection starts in (the URL's), or null */
    public LogicalSession(Deployment deployment, ServerConnector connector, Router router, String initialDatabase,
                          RoutingSettings settings) {
        this.parts = SessionParts.wire(deployment, connector, router, initialDatabase, settings);
        this.state = parts.state();
        this.pins = parts.pins();
        this.held = parts.held();
        this.servers = parts.servers();
        this.routes = parts.routes();
        this.transactions = new JdbcTransactions(parts);
        if (settings.weakByDefault()) {
            state.setDriverVariable(SessionRouter.READ_CONSISTENCY, "'WEAK'");
        }
    }

    /** @return the session's parts (for this package's tests; the jdbc layer uses the methods below) */
    SessionParts parts() {
        return parts;
    }

    /**
     * Names the session in its log lines: its connection's ODP-style id, as SHOW PROCESSLIST shows it.
     * (Lines about one server say which.)
     */
    public void logAs(long connectionId) {
        parts.label().number(connectionId);
    }

    // ------------------------------------------------------------------ kill and cancel

    /** Sets how the session learns it was killed from another instance (before its first statement). */
    public void watchForKills(KillWatch watch) {
        parts.kills().watch(watch);
    }

    /** KILL QUERY: cancels the statement running now, on its server; the session stays usable. */
    public void killQuery() {
        parts.kills().killQuery();
    }

    /**
     * KILL CONNECTION: the session is closed, the statement running now (if any) is cancelled and
     * fails as killed, every physical connection is closed. May come from any thread.
     */
    public void kill() {
        servers.kill();
    }

    /** @return true once the session was killed (locally or from another instance) */
    public boolean isKilled() {
        return parts.kills().isKilled();
    }

    // ------------------------------------------------------------------ session state

    /**
     * JDBC read-only. With {@code readOnlyWeakReads}, read-only also makes plain SELECTs weak reads
     * (and tells OceanBase servers so); leaving read-only returns them to the configured consistency.
     */
    public void setReadOnly(boolean on) {
        state.setReadOnly(on);
        RoutingSettings settings = parts.settings();
        if (settings.readOnlyWeakReads()) {
            state.setDriverVariable(SessionRouter.READ_CONSISTENCY, on || settings.weakByDefault() ? "'WEAK'" : "'STRONG'");
        }
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

    /** @return how many DDL statements the session ran ({@link SessionState#schemaChanges}) */
    public long schemaChanges() {
        return state.schemaChanges();
    }

    /** @return the version of the session state, which each physical session is synced up to */
    public long stateVersion() {
        return state.version();
    }

    /** Records system variables as if SET with these literal values, applied to each server before its next statement. */
    public void setSystemVariables(Map<String, String> literals) {
        literals.forEach(state::setSystemVariable);
    }

    /** @return the literal a session system variable was last set to (by SQL or {@link #setSystemVariables}), or null */
    public String systemVariable(String name) {
        return state.systemVariable(name);
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

    /** @return true while a transaction is open or a BEGIN is held for the next statement */
    public boolean inTransaction() {
        return held.holdsBegin() || pins.inTransaction();
    }

    /** @return the server of the last statement, or null */
    public PhysicalSession last() {
        return servers.last();
    }

    /** @return the physical sessions open now */
    public List<PhysicalSession> physicalSessions() {
        return servers.all();
    }

    public boolean isClosed() {
        return servers.isClosed();
    }

    // ------------------------------------------------------------------ statements

    /**
     * Handles a statement without a server when it can: {@code SET @obproxy_route_addr}, a held
     * BEGIN or SET TRANSACTION, COMMIT/ROLLBACK of a transaction not yet started.
     *
     * @return true when the statement was handled (as if it succeeded with no result)
     */
    public boolean intercept(SqlInfo info, String sql) throws SQLException {
        if (info.routeAddress() != null) {
            parts.forced().set(info.routeAddress());
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

    /** Starts one execution of a statement, to be run through its attempts (see {@link Execution}). */
    public Execution execution(SqlInfo info) {
        return new Execution(parts, info);
    }

    /**
     * Runs JDBC work that counts as the statement {@code info} (a commit, a savepoint) through the
     * pipeline: routed as {@code info}, held statements sent before it, its effects recorded.
     */
    public <T> T call(SqlInfo info, ServerWork<T> work) throws SQLException {
        return WorkAttempt.call(parts, info, work);
    }

    /**
     * Runs work on a connection that is no statement (a validity check, metadata, preparing) through
     * the pipeline, routed as {@code info} with {@code parameters}: no held statement is sent before
     * it (it must not start the held transaction where it happens to run) and nothing is recorded but
     * the session's affinity to the server.
     */
    public <T> T probe(SqlInfo info, ParameterValues parameters, ServerWork<T> work) throws SQLException {
        return execution(info).run(parameters, new WorkAttempt<>(work, false));
    }

    /** As {@link #probe(SqlInfo, ParameterValues, ServerWork)}, on the server used last or the default route's. */
    public <T> T probe(ServerWork<T> work) throws SQLException {
        return probe(ANY_SERVER, ParameterValues.NONE, work);
    }

    /** As {@link #probe(ServerWork)}, all attempts together within {@code millis} (a validity check's timeout). */
    public <T> T probe(ServerWork<T> work, long millis) throws SQLException {
        return execution(ANY_SERVER).within(millis).run(ParameterValues.NONE, new WorkAttempt<>(work, false));
    }

    /**
     * Records what a statement that succeeded on {@code ps} outside an {@link Execution} changed (the
     * texts of a callable's batch, which ran as part of its CALL): session state and pins.
     */
    public void completed(SqlInfo info, PhysicalSession ps) throws SQLException {
        servers.used(ps);
        parts.effects().completed(info, ps, true);
    }

    /**
     * @return true when the statement assigns variables with expressions, whose values are read back
     * from its server once it succeeded: its result sets must then be read whole before that read
     * (Connector/J runs nothing on a connection while a result streams from it), not streamed
     */
    public static boolean readsBack(SqlInfo info) {
        return EffectRecorder.readsBack(info);
    }

    // ------------------------------------------------------------------ routing

    /**
     * @return where a statement would go now, and why
     * @throws SQLException when the routing rules leave no server for it (a weak read with
     *                      FOLLOWER_ONLY and no follower up)
     */
    public RouteDecision decide(SqlInfo info, ParameterValues parameters) throws SQLException {
        return routes.decide(info, parameters, servers.lastServer());
    }

    /**
     * @return where each entry of a batch of {@code info} would run, when the batch may be split by
     * server (outside any transaction, nothing held or pinned, no route forced); null when it must
     * run whole on one server
     */
    public List<RouteDecision> batchRoutes(SqlInfo info, List<? extends ParameterValues> entries) throws SQLException {
        return routes.batchRoutes(info, entries, servers.lastServer());
    }

    /** @return the rows answering {@code EXPLAIN ROUTE} for a statement: see {@link RouteDiagnostics} */
    public List<List<String>> explainRoute(SqlInfo info) {
        return routes.explain(info, servers.lastServer());
    }

    /** @return one row per table location the cluster has cached: {@code SHOW PROXYROUTE} */
    public List<List<String>> proxyRoutes() {
        return routes.proxyRoutes();
    }

    /** @return JDBC's transaction calls on this session: commit, rollback, autocommit, savepoints */
    public JdbcTransactions transactions() {
        return transactions;
    }

    // ------------------------------------------------------------------ pins held by JDBC objects

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

    // ------------------------------------------------------------------ lifetime

    public void setNetworkTimeout(Executor executor, int millis) throws SQLException {
        servers.setNetworkTimeout(executor, millis);
    }

    public int networkTimeout() {
        return servers.networkTimeout();
    }

    /**
     * Forgets session state set by SQL so that the next user of a pooled connection starts fresh.
     * Physical connections that carry such state (variables, temporary tables, locks, prepared SQL)
     * are closed and reopened on demand; JDBC settings stay.
     */
    public void resetSqlState() {
        if (!state.hasSqlState() && !pins.isPinned() && !parts.forced().isSet()) {
            return;
        }
        servers.dropAll();
        state.clearSqlState();
        pins.clear();
        parts.forced().clear();
        held.clear();
    }

    public void close() {
        servers.close();
    }

    public void abort() {
        servers.abort();
    }
}

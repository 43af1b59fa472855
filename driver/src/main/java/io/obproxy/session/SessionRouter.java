package io.obproxy.session;

import io.obproxy.cluster.Cluster;
import io.obproxy.cluster.Deployment;
import io.obproxy.cluster.Replica;
import io.obproxy.cluster.ServerAddress;
import io.obproxy.route.NoRouteException;
import io.obproxy.route.ParameterValues;
import io.obproxy.route.PartitionKeys;
import io.obproxy.route.ReadConsistency;
import io.obproxy.route.RouteDecision;
import io.obproxy.route.RouteReason;
import io.obproxy.route.Router;
import io.obproxy.sql.SqlInfo;
import io.obproxy.sql.TableName;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * One session's route requests: what the pure {@link Router} is asked for a statement, built from
 * the session's state (pin, forced route, last server, read consistency, IDC, time zone, database),
 * the cluster's locations and the deployment (a standby for weak reads), and the decision last
 * made, which the failure rules read (was it by location, by default, can it change).
 *
 * <p>Decision order (see {@link Router}): pinned, sticky, forced, follower (weak reads), leader,
 * default. A weak read is a plain SELECT outside any transaction (held BEGIN included) whose
 * consistency is WEAK by hint, by {@code ob_read_consistency} or by the driver's settings.
 */
final class SessionRouter {
    /** Session variable OceanBase reads the default consistency of SELECTs from (STRONG / WEAK). */
    static final String READ_CONSISTENCY = "ob_read_consistency";

    private final Deployment deployment;
    private final Router router;
    private final RoutingSettings settings;
    private final SessionState state;
    private final Pins pins;
    private final HeldStatements held;
    private final ForcedRoute forced;
    private final String initialDatabase;
    private RouteDecision lastDecision;
    /** Whether the route computed last, and the last attempt's, knew the statement's tablet. */
    private boolean tabletKnown;
    private boolean lastTabletKnown;
    /**
     * The session state's version when {@link #readConsistency} and {@link #zone} were read from it
     * (-1: never): a statement reads them again only after a change, not on every route.
     */
    private long variablesVersion = -1;
    private String readConsistency;
    /** The time_zone setting {@link #zone} was parsed from (compared by identity: SessionState keeps the text). */
    private String zoneSetting;
    private ZoneId zone;

    SessionRouter(Deployment deployment, Router router, RoutingSettings settings, SessionState state, Pins pins,
                  HeldStatements held, ForcedRoute forced, String initialDatabase) {
        this.deployment = deployment;
        this.router = router;
        this.settings = settings;
        this.state = state;
        this.pins = pins;
        this.held = held;
        this.forced = forced;
        this.initialDatabase = initialDatabase;
    }

    /** @return the cluster strong reads and writes go to now (the primary, see {@link Deployment}) */
    Cluster cluster() {
        return deployment.current();
    }

    /**
     * @param last the server of the session's previous statement, or null
     * @return where a statement would go now, and why
     * @throws SQLException when the routing rules leave no server for it (a weak read with
     *                      FOLLOWER_ONLY and no follower up, a forced server gone)
     */
    RouteDecision decide(SqlInfo info, ParameterValues parameters, ServerAddress last) throws SQLException {
        try {
            return route(info, parameters, last);
        } catch (NoRouteException e) {
            throw new SQLException("No server may run the statement: " + e.getMessage(), "HY000");
        }
    }

    /**
     * As {@link #decide} for an attempt of an execution, remembered as the last decision: a default
     * route does not go back to a server that refused the statement in an earlier attempt.
     *
     * @throws SQLException when every usable server refused it
     */
    RouteDecision decideAttempt(SqlInfo info, ParameterValues parameters, ServerAddress last,
                                List<ServerAddress> refusedBy) throws SQLException {
        RouteDecision decision = decide(info, parameters, last);
        if (!refusedBy.isEmpty()) {
            decision = router.avoiding(decision, refusedBy, cluster().topology());
            if (decision == null) {
                throw new SQLException("Every server refused the statement before running it: " + refusedBy, "HY000");
            }
        }
        lastDecision = decision;
        lastTabletKnown = tabletKnown;
        return decision;
    }

    /** @return the default or forced server for work tied to no statement's data (a savepoint) */
    ServerAddress unpinned(ServerAddress last) throws SQLException {
        try {
            return router.routeUnpinned(last, forced.server(), cluster().topology()).server();
        } catch (NoRouteException e) {
            throw new SQLException("No server may run the statement: " + e.getMessage(), "HY000");
        }
    }

    private RouteDecision route(SqlInfo info, ParameterValues parameters, ServerAddress last) throws NoRouteException {
        PhysicalSession pinned = pins.server();
        ServerAddress forcedTo = pinned == null ? forced.server() : null;
        List<Replica> replicas = null;
        boolean weak = false;
        Cluster cluster = cluster();
        if (pinned == null && forcedTo == null && !router.isSticky(info, last)) {
            readVariables();
            boolean weakRead = ReadConsistency.isWeak(info, readConsistency,
                    !state.autoCommit() || held.holdsBegin());
            Cluster standby = weakRead && settings.standbyWeakReads() ? deployment.standby() : null;
            cluster = standby != null ? standby : cluster;
            replicas = TabletFinder.replicas(cluster.locations(), info, parameters, currentDatabase(), zone);
            weak = weakRead && replicas != null;
        }
        tabletKnown = replicas != null;
        return router.route(new Router.Request(info, pinned == null ? null : pinned.server(), last, forcedTo,
                replicas, weak, settings.policy(), weak ? idc() : ""), cluster.topology());
    }

    /**
     * @return where each entry of a batch of {@code info} would run, when the batch may be split by
     * server: outside any transaction (autocommit, nothing held or pinned), no route forced; null
     * when it must run whole on one server
     */
    List<RouteDecision> batchRoutes(SqlInfo info, List<? extends ParameterValues> entries, ServerAddress last)
            throws SQLException {
        if (pins.isPinned() || held.any() || !state.autoCommit() || forced.isSet() || info.isMulti()) {
            return null;
        }
        List<RouteDecision> routes = new ArrayList<>(entries.size());
        for (ParameterValues entry : entries) {
            routes.add(decide(info, entry, last));
        }
        return routes;
    }

    /** @return the rows answering {@code EXPLAIN ROUTE} for a statement: see {@link RouteDiagnostics} */
    List<List<String>> explain(SqlInfo info, ServerAddress last) {
        RouteDecision decision = null;
        String noRoute = null;
        try {
            decision = route(info, ParameterValues.NONE, last);
        } catch (NoRouteException e) {
            noRoute = e.getMessage();
        }
        readVariables();
        return RouteDiagnostics.explain(cluster().locations(), info, currentDatabase(), zone, decision, noRoute);
    }

    /** @return one row per table location the cluster has cached: {@code SHOW PROXYROUTE} */
    List<List<String>> proxyRoutes() {
        return RouteDiagnostics.proxyRoutes(cluster().locations());
    }

    /** @return the server the last attempt was routed to, or null */
    ServerAddress lastServer() {
        return lastDecision == null ? null : lastDecision.server();
    }

    /** @return true when writes may move to another cluster (see {@link Deployment#followsThePrimary}) */
    boolean followsThePrimary() {
        return deployment.followsThePrimary();
    }

    /** @return true when a usable server of the current cluster is not among {@code refusedBy} */
    boolean anotherServerThan(List<ServerAddress> refusedBy) {
        return !refusedBy.containsAll(cluster().topology().active());
    }

    /** @return the number of usable servers of the current cluster */
    int usableServers() {
        return cluster().topology().active().size();
    }

    /** @return true when another attempt could go to another server: the last route was by location or default */
    boolean routeCanChange() {
        return lastDecision == null || routedByLocation() || lastDecision.reason() == RouteReason.DEFAULT;
    }

    /**
     * @return true when the last attempt was routed by default because the statement's tablet is
     * unknown (no location, or keys the driver cannot read); not when its leader is known but down,
     * where a refusal means an election is under way and the next attempt waits for its leader
     */
    boolean routedWithoutTablet() {
        return lastDecision != null && lastDecision.reason() == RouteReason.DEFAULT && !lastTabletKnown;
    }

    /** @return true when the last attempt was routed by a table's location (to a leader or a follower) */
    boolean routedByLocation() {
        return lastDecision != null
                && (lastDecision.reason() == RouteReason.LEADER || lastDecision.reason() == RouteReason.FOLLOWER);
    }

    /** Calls {@code action} with the database and name of each table the statement names. */
    void forEachTable(SqlInfo info, BiConsumer<String, String> action) {
        for (TableName t : info.tables()) {
            String db = t.database() != null ? t.database() : currentDatabase();
            if (db != null) {
                action.accept(db, t.table());
            }
        }
    }

    private String currentDatabase() {
        String catalog = state.catalog();
        return catalog != null ? catalog : initialDatabase;
    }

    /**
     * Reads the session variables routing depends on, when the session state changed since they were
     * last read: {@code ob_read_consistency}, and the time zone as {@code SET time_zone} gave it (an
     * offset or a named zone; null when it is the server's {@code SYSTEM} zone or was never set:
     * unknown here).
     */
    private void readVariables() {
        if (variablesVersion == state.version()) {
            return;
        }
        variablesVersion = state.version();
        readConsistency = state.systemVariable(READ_CONSISTENCY);
        String setting = state.systemVariable("time_zone");
        if (setting != zoneSetting) {
            zoneSetting = setting;
            zone = SessionZones.parse(setting == null ? null : PartitionKeys.literal(setting));
        }
    }

    /** @return the client's IDC: the session's {@code @proxy_idc_name}, else the configured one */
    private String idc() {
        String variable = state.userVariable("proxy_idc_name");
        Object value = variable == null ? null : PartitionKeys.literal(variable);
        return value instanceof String && !((String) value).isEmpty() ? (String) value : settings.idc();
    }
}

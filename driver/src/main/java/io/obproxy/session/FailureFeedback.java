package io.obproxy.session;

import io.obproxy.cluster.Deployment;
import io.obproxy.cluster.ServerAddress;
import io.obproxy.session.FailurePolicy.Phase;
import io.obproxy.sql.SqlInfo;
import java.sql.SQLException;

/**
 * What a failed attempt teaches the cluster: the server's health (a broken connection makes it
 * SUSPECT, a "server down" error DEAD), the tenant's role (not the primary: a switchover), and
 * stale locations of the statement's tables (refused for its location or schema whatever the
 * route; the replica chosen by location unreachable). Shared state only: the session's own
 * reaction is {@link FailurePolicy}'s. A failure of the caller's own data ({@link CallerDataBrokeOff})
 * teaches nothing: the server and its locations were not at fault.
 */
final class FailureFeedback {
    private final Deployment deployment;
    private final SessionRouter routes;

    FailureFeedback(Deployment deployment, SessionRouter routes) {
        this.deployment = deployment;
        this.routes = routes;
    }

    /** @param server the server of the attempt, or null when none was reached */
    void learn(SQLException e, Phase phase, boolean broken, SqlInfo info, ServerAddress server) {
        if (e instanceof CallerDataBrokeOff) {
            return;
        }
        int code = e.getErrorCode();
        if (server != null && FailurePolicy.SERVER_DOWN.contains(code)) {
            deployment.clusterOf(server).reportConnectFailure(server, "error " + code + ": " + e.getMessage());
        } else if (server != null && broken && phase == Phase.EXECUTE) {
            deployment.clusterOf(server).reportBrokenConnection(server, e.getMessage());
        }
        if (FailurePolicy.isNotPrimary(e)) {
            deployment.refreshRoles(); // a switchover: the next attempt goes to the new primary
        }
        if (FailurePolicy.STALE_LOCATION.contains(code) || FailurePolicy.STALE_SCHEMA.contains(code)
                || (broken && routes.routedByLocation())) {
            routes.forEachTable(info, routes.cluster().locations()::invalidate); // also when the leader was skipped as DEAD
        }
        if (FailurePolicy.STALE_LOCATION.contains(code) || FailurePolicy.STALE_SCHEMA.contains(code)) {
            routes.cluster().metrics().staleRouteRefused();
        }
        if (FailurePolicy.STALE_LOCATION.contains(code)) {
            routes.cluster().recheckDeadServers(); // the leader may be one this driver gave up on too early
        }
    }
}

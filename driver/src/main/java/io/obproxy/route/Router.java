package io.obproxy.route;

import io.obproxy.cluster.Replica;
import io.obproxy.cluster.ServerAddress;
import io.obproxy.cluster.Topology;
import io.obproxy.sql.SqlInfo;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides which server runs a statement. Pure: no I/O, no shared state.
 *
 * <p>Decision order, first match wins:
 * <ol>
 *   <li>PINNED: a pinned session stays where its transaction, temporary tables, locks or cursors are.</li>
 *   <li>STICKY: a statement that reads what the previous statement left on its server
 *   (FOUND_ROWS(), ROW_COUNT(), LAST_INSERT_ID(), SHOW WARNINGS/ERRORS, IS_USED_LOCK()) goes to that
 *   server. (CONNECTION_ID() needs no server: the driver writes the logical connection's id in its
 *   place.)</li>
 *   <li>FORCED: the session set {@code @obproxy_route_addr}.</li>
 *   <li>FOLLOWER (weak reads): a weak read whose tablet is known goes to a replica chosen by route
 *   policy and locality ({@link ReplicaChooser}); when that is the leader the reason is LEADER.</li>
 *   <li>LEADER: the leader of the tablet the statement touches, when known and active.</li>
 *   <li>DEFAULT: the server used last, while it is still usable with no recent failure (affinity
 *   keeps a session's statements on few connections); else a random one of those.</li>
 * </ol>
 * <p>Health: DEAD servers are never chosen (the leader included: its table then takes the default
 * route until the location names a live leader); ACTIVE servers are preferred over SUSPECT ones.
 */
public final class Router {
    private static final int STICKY_FLAGS = SqlInfo.FLAG_LAST_STATEMENT_STATE | SqlInfo.FLAG_LOCK_QUERY;

    /**
     * What one decision depends on.
     *
     * @param pinned   the pinned server, or null
     * @param last     the server of the previous statement, or null
     * @param forced   the {@code @obproxy_route_addr} server, or null
     * @param replicas the replicas of the tablet the statement touches (leader first), or null when unknown
     * @param weak     true for a weak read (see {@link ReadConsistency})
     * @param policy   the route policy of weak reads
     * @param idc      the client's IDC for weak reads, or empty
     */
    public record Request(SqlInfo info, ServerAddress pinned, ServerAddress last, ServerAddress forced,
                          List<Replica> replicas, boolean weak, RoutePolicy policy, String idc) {
    }

    /**
     * @param topology the cluster's servers; at least one active
     * @throws NoRouteException when the rules leave no server (a weak read with FOLLOWER_ONLY and no follower)
     */
    public RouteDecision route(Request r, Topology topology) throws NoRouteException {
        if (r.pinned() != null) {
            return new RouteDecision(r.pinned(), RouteReason.PINNED);
        }
        if (isSticky(r.info(), r.last())) {
            return new RouteDecision(r.last(), RouteReason.STICKY);
        }
        if (r.forced() == null && r.replicas() != null) {
            if (r.weak()) {
                ReplicaChooser.Choice c = ReplicaChooser.choose(r.replicas(), r.policy(), r.idc(), topology, r.last());
                return new RouteDecision(c.server(), c.leader() ? RouteReason.LEADER : RouteReason.FOLLOWER,
                        c.inClientIdc());
            }
            ServerAddress leader = leader(r.replicas());
            if (leader != null && topology.isActive(leader)) {
                return new RouteDecision(leader, RouteReason.LEADER);
            }
        }
        return routeUnpinned(r.last(), r.forced(), topology);
    }

    private static ServerAddress leader(List<Replica> replicas) {
        for (Replica r : replicas) {
            if (r.leader()) {
                return r.server();
            }
        }
        return null;
    }

    /** @return true when the statement must go where the last one ran */
    public boolean isSticky(SqlInfo info, ServerAddress last) {
        return last != null && (info.flags() & STICKY_FLAGS) != 0;
    }

    /**
     * FORCED and DEFAULT alone: for work that is neither pinned nor tied to a statement's data. The
     * default keeps the last server while it is usable and has no recent failure, else picks one at
     * random among those with no recent failure (among the usable ones when all had one).
     */
    public RouteDecision routeUnpinned(ServerAddress last, ServerAddress forced, Topology topology) {
        if (forced != null) {
            return new RouteDecision(forced, RouteReason.FORCED);
        }
        List<ServerAddress> candidates = topology.preferred().isEmpty() ? topology.active() : topology.preferred();
        if (last != null && candidates.contains(last)) {
            return new RouteDecision(last, RouteReason.DEFAULT);
        }
        return new RouteDecision(candidates.get(ThreadLocalRandom.current().nextInt(candidates.size())),
                RouteReason.DEFAULT);
    }

    /**
     * A DEFAULT decision that names a server which already refused this statement moves to another
     * usable server: sending it back where it was refused is no retry (a statement whose keys cannot
     * be read is refused by a node that does not lead its data until it goes elsewhere).
     *
     * @param refusedBy servers that refused the statement before it ran, in earlier attempts
     * @return the decision, another DEFAULT one, or null when every usable server refused it
     */
    public RouteDecision avoiding(RouteDecision decision, Collection<ServerAddress> refusedBy, Topology topology) {
        if (decision.reason() != RouteReason.DEFAULT || !refusedBy.contains(decision.server())) {
            return decision;
        }
        for (ServerAddress candidate : topology.active()) {
            if (!refusedBy.contains(candidate)) {
                return new RouteDecision(candidate, RouteReason.DEFAULT);
            }
        }
        return null;
    }
}

package io.obproxy.route;

import io.obproxy.cluster.Health;
import io.obproxy.cluster.Replica;
import io.obproxy.cluster.Server;
import io.obproxy.cluster.ServerAddress;
import io.obproxy.cluster.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks the replica a weak read goes to. Pure.
 *
 * <p>Candidates are the tablet's replicas on active servers that can serve reads (not LOGONLY).
 * They are ranked by the {@link RoutePolicy} tier first (followers, for UNMERGE_FOLLOWER_FIRST
 * non-compacting followers before compacting ones; the leader last, never with FOLLOWER_ONLY), then
 * by health (no recent failure before SUSPECT), then by locality (LDC): the client's IDC, then its
 * region (the region of the zones in that IDC), then any other. DEAD servers are skipped. In the best non-empty group, the server the session used last is kept when it is
 * there (few physical connections per session), else one is picked at random (load spread over
 * sessions).
 */
final class ReplicaChooser {
    /** Replica type that holds only the log and serves no reads. */
    private static final int LOGONLY = 5;

    private ReplicaChooser() {
    }

    /** A chosen replica: the server, whether it leads the tablet, whether it is in the client's IDC. */
    record Choice(ServerAddress server, boolean leader, boolean inClientIdc) {
    }

    /**
     * @param idc   the client's IDC, or empty for no locality preference
     * @param last  the server the session used last, or null
     */
    static Choice choose(List<Replica> replicas, RoutePolicy policy, String idc, Topology topology, ServerAddress last)
            throws NoRouteException {
        String region = idc.isEmpty() ? "" : topology.regionOfIdc(idc);
        int bestRank = Integer.MAX_VALUE;
        List<Replica> best = new ArrayList<>(replicas.size());
        for (Replica r : replicas) {
            Server server = topology.server(r.server());
            if (server == null || !topology.isActive(r.server()) || r.replicaType() == LOGONLY) {
                continue;
            }
            int tier = tier(r, server, policy);
            if (tier < 0) {
                continue;
            }
            int suspect = topology.health(r.server()) == Health.ACTIVE ? 0 : 1;
            int rank = (tier * 2 + suspect) * 3 + locality(server, idc, region);
            if (rank < bestRank) {
                bestRank = rank;
                best.clear();
            }
            if (rank == bestRank) {
                best.add(r);
            }
        }
        if (best.isEmpty()) {
            throw new NoRouteException("no follower replica is available for a weak read (routePolicy=" + policy + ")");
        }
        boolean inIdc = !idc.isEmpty() && bestRank % 3 == 0; // locality 0 with an IDC given: the client's
        for (Replica r : best) {
            if (r.server().equals(last)) {
                return new Choice(r.server(), r.leader(), inIdc);
            }
        }
        Replica r = best.get(best.size() == 1 ? 0 : ThreadLocalRandom.current().nextInt(best.size()));
        return new Choice(r.server(), r.leader(), inIdc);
    }

    /** @return the policy tier (lower is preferred), or -1 when the policy excludes the replica */
    private static int tier(Replica r, Server server, RoutePolicy policy) {
        if (r.leader()) {
            return policy == RoutePolicy.FOLLOWER_ONLY ? -1 : 2;
        }
        return policy == RoutePolicy.UNMERGE_FOLLOWER_FIRST && server.compacting() ? 1 : 0;
    }

    /** @return 0 same IDC, 1 same region, 2 elsewhere (or no locality known) */
    private static int locality(Server server, String idc, String region) {
        if (idc.isEmpty()) {
            return 0;
        }
        if (server.idc().toLowerCase(Locale.ROOT).equals(idc.toLowerCase(Locale.ROOT))) {
            return 0;
        }
        return !region.isEmpty() && region.equals(server.region()) ? 1 : 2;
    }
}

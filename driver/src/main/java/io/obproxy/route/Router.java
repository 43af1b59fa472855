package io.obproxy.route;

import io.obproxy.cluster.ServerAddress;
import io.obproxy.sql.SqlInfo;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides which server runs a statement. Pure: no I/O, no shared state.
 *
 * <p>Decision order, first match wins:
 * <ol>
 *   <li>PINNED: a pinned session stays where its transaction, temporary tables, locks or cursors are.</li>
 *   <li>STICKY: a statement that reads what the previous statement left on its server
 *   (FOUND_ROWS(), ROW_COUNT(), LAST_INSERT_ID(), SHOW WARNINGS/ERRORS, CONNECTION_ID(), IS_USED_LOCK())
 *   goes to that server.</li>
 *   <li>FORCED: the session set {@code @obproxy_route_addr}.</li>
 *   <li>LEADER: the leader of the tablet the statement touches, when the caller could compute it
 *   ({@link PartitionRouter}) and it is an active server.</li>
 *   <li>DEFAULT: the server used last, while it is still active (affinity keeps a session's
 *   statements on few connections); the first time, a random active server.</li>
 * </ol>
 */
public final class Router {
    private static final int STICKY_FLAGS = SqlInfo.FLAG_LAST_STATEMENT_STATE | SqlInfo.FLAG_CONNECTION_ID
            | SqlInfo.FLAG_LOCK_QUERY;

    /**
     * @param pinned  the pinned server, or null
     * @param last    the server of the previous statement, or null
     * @param forced  the {@code @obproxy_route_addr} server, or null
     * @param leader  the leader of the statement's tablet, or null when unknown
     * @param active  the cluster's active servers, never empty
     */
    public RouteDecision route(SqlInfo info, ServerAddress pinned, ServerAddress last, ServerAddress forced,
                               ServerAddress leader, List<ServerAddress> active) {
        if (pinned != null) {
            return new RouteDecision(pinned, RouteReason.PINNED);
        }
        if (isSticky(info, last)) {
            return new RouteDecision(last, RouteReason.STICKY);
        }
        if (forced == null && leader != null && active.contains(leader)) {
            return new RouteDecision(leader, RouteReason.LEADER);
        }
        return routeUnpinned(last, forced, active);
    }

    /** @return true when the statement must go where the last one ran */
    public boolean isSticky(SqlInfo info, ServerAddress last) {
        return last != null && (info.flags() & STICKY_FLAGS) != 0;
    }

    /** Steps 3 and 4 alone: for work that is neither pinned nor tied to the last statement. */
    public RouteDecision routeUnpinned(ServerAddress last, ServerAddress forced, List<ServerAddress> active) {
        if (forced != null) {
            return new RouteDecision(forced, RouteReason.FORCED);
        }
        if (last != null && active.contains(last)) {
            return new RouteDecision(last, RouteReason.DEFAULT);
        }
        return new RouteDecision(active.get(ThreadLocalRandom.current().nextInt(active.size())), RouteReason.DEFAULT);
    }
}

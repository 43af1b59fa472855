package io.obproxy.route;

/** Why a statement went where it went. */
public enum RouteReason {
    /** The session is pinned (transaction, temporary table, lock, cursor, ...). */
    PINNED,
    /** The statement reads state the previous statement left on its server (LAST_INSERT_ID(), ...). */
    STICKY,
    /** {@code SET @obproxy_route_addr = 'ip:port'} forces the server. */
    FORCED,
    /** The leader of the tablet the statement touches. */
    LEADER,
    /** A weak read on a follower of the tablet it touches, chosen by route policy and locality. */
    FOLLOWER,
    /** No other rule applies: the server used last (affinity), or a random active one. */
    DEFAULT
}

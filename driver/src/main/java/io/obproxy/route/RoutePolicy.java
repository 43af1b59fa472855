package io.obproxy.route;

/**
 * Which replica a weak read prefers (ODP's {@code proxy_route_policy}). Within each tier, servers in
 * the client's IDC come first, then its region, then the rest ({@link ReplicaChooser}).
 */
public enum RoutePolicy {
    /** Followers; the leader when no follower can serve. */
    FOLLOWER_FIRST,
    /** Followers whose zone is not running a major compaction, then compacting followers, then the leader. */
    UNMERGE_FOLLOWER_FIRST,
    /** Followers only; with none available the statement fails instead of reading the leader. */
    FOLLOWER_ONLY
}

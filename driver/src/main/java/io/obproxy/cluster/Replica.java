package io.obproxy.cluster;

/**
 * One replica of a tablet, as {@code __all_virtual_proxy_schema} lists it.
 *
 * @param server      the server's SQL address
 * @param leader      role 1 (LEADER), else a follower
 * @param replicaType 0 FULL, 5 LOGONLY, 16 READONLY
 */
public record Replica(ServerAddress server, boolean leader, int replicaType) {
}

package io.obproxy.cluster;

/**
 * An OBServer as the metadata describes it.
 *
 * @param address where it takes SQL connections
 * @param zone    its zone, empty when unknown
 * @param active  false when the metadata says INACTIVE
 */
public record Server(ServerAddress address, String zone, boolean active) {
}

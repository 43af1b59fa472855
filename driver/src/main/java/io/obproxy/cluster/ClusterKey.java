package io.obproxy.cluster;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Identity of a cluster as the application addresses it: its seeds (in any order), tenant, cluster
 * name and the user whose privileges its metadata is read with. Connections with equal keys share
 * one {@link Cluster}; the password is not part of the key (each login brings its own, see
 * {@link Cluster}).
 */
public record ClusterKey(List<ServerAddress> seeds, String tenant, String cluster, String user) {
    public ClusterKey {
        seeds = seeds.stream().sorted(Comparator.comparing(ServerAddress::toString)).distinct()
                .collect(Collectors.toUnmodifiableList());
    }
}

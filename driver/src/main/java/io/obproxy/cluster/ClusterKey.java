package io.obproxy.cluster;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Identity of a cluster as the application addresses it: its seeds (in any order), tenant, cluster
 * name, the user whose privileges its metadata is read with, and the metadata user when the
 * application gives one ({@code metadataUser}, else null). Connections with equal keys share one
 * {@link Cluster}; passwords are not part of the key (each login brings its own, see
 * {@link Cluster}).
 */
public record ClusterKey(List<ServerAddress> seeds, String tenant, String cluster, String user, String metadataUser) {
    public ClusterKey {
        seeds = seeds.stream().sorted(Comparator.comparing(ServerAddress::toString)).distinct()
                .collect(Collectors.toUnmodifiableList());
    }

    /**
     * @return the key as metrics label it: {@code user@tenant#cluster/seed,seed} (the parts the
     * application gave), unique per key but for the metadata user
     */
    public String label() {
        return (user == null ? "" : user) + (tenant == null ? "" : "@" + tenant) + (cluster == null ? "" : "#" + cluster)
                + "/" + seeds.stream().map(ServerAddress::toString).collect(Collectors.joining(","));
    }
}

package io.obproxy.cluster;

import java.util.List;
import java.util.Map;

/**
 * Where a table's data lives: its partitioning (none, one or two levels) and, per tablet, the
 * replicas with their roles. Immutable; loaded by {@link LocationLoader}.
 *
 * @param tableId       OceanBase's table id
 * @param schemaVersion the schema version the entry was read at
 * @param first         the first level, or null for a non-partitioned table
 * @param subLevels     per first-level partition, its sub-partitioning (empty for one level)
 * @param firstTablet   the tablet of a non-partitioned table (as listed for {@code tablet_id = 0})
 * @param replicas      per tablet id, its replicas, leader first (copied: {@link #replicasOf} finds a
 *                      tablet's without boxing its id)
 */
public record TableLocation(String database, String table, long tableId, long schemaVersion, PartitionLevel first,
                            List<PartitionLevel> subLevels, long firstTablet, Map<Long, List<Replica>> replicas) {
    public TableLocation {
        replicas = TabletReplicas.of(replicas);
    }

    /** @return the replicas of a tablet, leader first, or null when the metadata lists none */
    public List<Replica> replicasOf(long tabletId) {
        return ((TabletReplicas) replicas).get(tabletId);
    }

    public boolean isPartitioned() {
        return first != null;
    }

    /** @return the leader of a tablet, or null when the metadata names none */
    public ServerAddress leader(long tabletId) {
        List<Replica> list = replicasOf(tabletId);
        if (list == null) {
            return null;
        }
        for (Replica r : list) {
            if (r.leader()) {
                return r.server();
            }
        }
        return null;
    }
}

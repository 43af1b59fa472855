package io.obproxy.sandbox;

import java.nio.file.Path;
import java.util.List;

/** The {@code mariadbd} arguments of one sandbox node, chosen to look like an OBServer to clients. */
final class ServerArguments {
    private ServerArguments() {
    }

    /** @return the server id (and GTID domain) of a node: its number, plus 100 per cluster id above 1 */
    static int serverId(int clusterId, int node) {
        return (clusterId - 1) * 100 + node;
    }

    static List<String> forNode(int clusterId, int id, Path initFile) {
        int serverId = serverId(clusterId, id);
        return List.of(
                "--bind-address=127.0.0.1",
                "--skip-name-resolve",
                "--init-file=" + initFile,
                // OceanBase MySQL mode: case-insensitive names, utf8mb4_general_ci by default
                "--lower-case-table-names=1",
                "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_general_ci",
                "--performance-schema=ON",
                // replication (see Replication): GTID domain per node, row events, each node replays one
                // other and logs what it applies too, so that writes go round the ring and a dead node's
                // last writes still reach every survivor through the one that has them
                "--server-id=" + serverId,
                "--gtid-domain-id=" + serverId,
                "--log-basename=node" + id,
                "--log-bin",
                "--binlog-format=ROW",
                "--log-slave-updates=ON",
                "--gtid-ignore-duplicates=ON",
                // transactions pinned to different nodes may write the same rows at once (OceanBase
                // serialises them; this mesh cannot): replication keeps going, last applied wins
                "--slave-exec-mode=IDEMPOTENT",
                "--slave-net-timeout=5",
                // semi-synchronous: a commit returns once a replica has its binlog events, so an
                // acknowledged write survives the loss of its node (as a Paxos majority would); with
                // no replica connected (a node alone, or the moment the ring closes around a lost
                // node) it does not wait; with one not answering for 0.5 s it falls back to asynchronous
                "--rpl-semi-sync-master-enabled=ON",
                "--rpl-semi-sync-slave-enabled=ON",
                "--rpl-semi-sync-master-timeout=500",
                "--rpl-semi-sync-master-wait-no-slave=OFF",
                "--rpl-semi-sync-master-wait-point=AFTER_SYNC",
                // the statement log is switched on at run time, into mysql.general_log
                "--log-output=TABLE",
                "--general-log=0",
                // small and quick: a test machine runs several of these
                "--innodb-buffer-pool-size=64M",
                "--innodb-log-file-size=16M",
                "--innodb-flush-log-at-trx-commit=2",
                "--sync-binlog=0",
                "--max-connections=2000",
                // as the front end's default limit: values over 16 MB (several packets) go through
                "--max-allowed-packet=64M",
                "--max-prepared-stmt-count=100000");
    }
}

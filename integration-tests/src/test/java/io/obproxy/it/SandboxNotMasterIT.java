package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.obproxy.sandbox.Partitioning;
import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.TableLayout;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Stale routes are refused as OceanBase refuses them: error 4038 on a non-leader, success on the leader. */
@ExtendWith(SandboxExtension.class)
class SandboxNotMasterIT {
    private final SandboxCluster cluster;

    SandboxNotMasterIT(SandboxCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void hashTable() throws SQLException {
        String table = create("nm_hash");
        cluster.declare(TableLayout.partitioned("test", table, Partitioning.hash("id", 5)));
        for (long id : new long[] {0, 1, 7, -8, 123456789L, Long.MAX_VALUE}) {
            int partition = (int) (Math.abs(id) % 5);
            checkWritesOnlyOnLeader(table, id, cluster.leaderOf("test", table, partition, -1));
        }
    }

    @Test
    void rangeTable() throws SQLException {
        String table = create("nm_range");
        cluster.declare(TableLayout.partitioned("test", table, Partitioning.range("id", "0", "100", "MAXVALUE")));
        checkWritesOnlyOnLeader(table, -5, cluster.leaderOf("test", table, 0, -1));
        checkWritesOnlyOnLeader(table, 0, cluster.leaderOf("test", table, 1, -1));
        checkWritesOnlyOnLeader(table, 99, cluster.leaderOf("test", table, 1, -1));
        checkWritesOnlyOnLeader(table, 100, cluster.leaderOf("test", table, 2, -1));
    }

    @Test
    void listTableWithDefault() throws SQLException {
        String table = create("nm_list");
        cluster.declare(TableLayout.partitioned("test", table, Partitioning.list("id", "1,2", "3", "DEFAULT")));
        checkWritesOnlyOnLeader(table, 2, cluster.leaderOf("test", table, 0, -1));
        checkWritesOnlyOnLeader(table, 3, cluster.leaderOf("test", table, 1, -1));
        checkWritesOnlyOnLeader(table, 42, cluster.leaderOf("test", table, 2, -1));
    }

    @Test
    void twoLevelTable() throws SQLException {
        String table = Sql.uniqueName("nm_two");
        try (Connection c = cluster.connect(cluster.node(1))) {
            Sql.exec(c, "CREATE TABLE " + table + " (id BIGINT, sub INT, v INT, PRIMARY KEY (id, sub))");
        }
        cluster.declare(TableLayout.partitioned("test", table, Partitioning.range("id", "10", "MAXVALUE"))
                .subpartitioned(Partitioning.hash("sub", 4)));
        int leader = cluster.leaderOf("test", table, 1, 3);
        try (Connection c = cluster.connect(cluster.node(leader))) {
            Sql.exec(c, "INSERT INTO " + table + " VALUES (50, 7, 0)");
        }
        SQLException e = assertThrows(SQLException.class, () -> {
            try (Connection c = cluster.connect(cluster.node(leader % 3 + 1))) {
                Sql.exec(c, "INSERT INTO " + table + " VALUES (51, 3, 0)");
            }
        });
        assertEquals(4038, e.getErrorCode());
    }

    @Test
    void leaderMoveChangesWhichNodeRefuses() throws SQLException {
        String table = create("nm_move");
        cluster.declare(TableLayout.partitioned("test", table, Partitioning.hash("id", 3)));
        int old = cluster.leaderOf("test", table, 1, -1);
        int moved = old % 3 + 1;
        cluster.moveLeader("test", table, 1, moved);
        checkWritesOnlyOnLeader(table, 4, moved);
    }

    private String create(String prefix) throws SQLException {
        String table = Sql.uniqueName(prefix);
        try (Connection c = cluster.connect(cluster.node(1))) {
            Sql.exec(c, "CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, v INT)");
        }
        return table;
    }

    /** Insert, update and delete of one row: 4038 on both non-leaders, then success on the leader. */
    private void checkWritesOnlyOnLeader(String table, long id, int leader) throws SQLException {
        for (int node = 1; node <= 3; node++) {
            if (node == leader) {
                continue;
            }
            try (Connection c = cluster.connect(cluster.node(node))) {
                SQLException e = assertThrows(SQLException.class,
                        () -> Sql.exec(c, "INSERT INTO " + table + " VALUES (" + id + ", 0)"));
                assertEquals(4038, e.getErrorCode(), "insert of " + id + " on node " + node);
                assertEquals("Not master", e.getMessage());
            }
        }
        try (Connection c = cluster.connect(cluster.node(leader))) {
            Sql.exec(c, "INSERT INTO " + table + " VALUES (" + id + ", 0)");
        }
        cluster.awaitReplication(Duration.ofSeconds(5));
        int other = leader % 3 + 1;
        try (Connection c = cluster.connect(cluster.node(other))) {
            assertEquals(4038, assertThrows(SQLException.class,
                    () -> Sql.exec(c, "UPDATE " + table + " SET v = 1 WHERE id = " + id)).getErrorCode());
            assertEquals(4038, assertThrows(SQLException.class,
                    () -> Sql.exec(c, "DELETE FROM " + table + " WHERE id = " + id)).getErrorCode());
        }
        try (Connection c = cluster.connect(cluster.node(leader))) {
            Sql.exec(c, "UPDATE " + table + " SET v = 1 WHERE id = " + id);
            Sql.exec(c, "DELETE FROM " + table + " WHERE id = " + id);
        }
        cluster.awaitReplication(Duration.ofSeconds(5));
    }
}

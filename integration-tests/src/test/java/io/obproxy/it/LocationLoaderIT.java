package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.cluster.LocationLoader;
import io.obproxy.cluster.PartitionLevel;
import io.obproxy.cluster.ServerAddress;
import io.obproxy.cluster.TableLocation;
import io.obproxy.sandbox.Partitioning;
import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.TableLayout;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Table locations read with OceanBase's metadata SQL match what the sandbox declared. */
@ExtendWith(SandboxExtension.class)
class LocationLoaderIT {
    private final SandboxCluster cluster;

    LocationLoaderIT(SandboxCluster cluster) {
        this.cluster = cluster;
    }

    private TableLocation load(String table) throws SQLException {
        try (Connection c = cluster.connect(cluster.node(2))) {
            return LocationLoader.load(c, "test", "test", table);
        }
    }

    private ServerAddress address(int node) {
        return ServerAddress.parse(cluster.node(node).address());
    }

    @Test
    void hashTableHasEveryTabletWithItsLeader() throws SQLException {
        String table = Sql.createTable(cluster, "loc_hash", "id BIGINT PRIMARY KEY");
        cluster.declare(TableLayout.partitioned("test", table, Partitioning.hash("id", 12)));
        TableLocation location = load(table);
        assertTrue(location.isPartitioned());
        PartitionLevel first = location.first();
        assertEquals(0, first.type());
        assertEquals(12, first.count());
        assertEquals(List.of(new PartitionLevel.KeyColumn("id", 5, 63, "", 19, 0, 0)), first.keys(),
                "BIGINT, binary collation, not generated, the precision, scale and length the metadata gives");
        for (int p = 0; p < 12; p++) {
            long tablet = first.tabletIds().get(p);
            assertEquals(address(cluster.leaderOf("test", table, p, -1)), location.leader(tablet), "partition " + p);
            assertEquals(3, location.replicas().get(tablet).size());
        }
    }

    /** KEY(b, a) on a table declared (a, ..., b): the keys come in the expression's order, with b's length. */
    @Test
    void keyColumnsComeInTheExpressionsOrder() throws SQLException {
        String table = Sql.createTable(cluster, "loc_keyba", "a BIGINT, x INT, b BINARY(6), PRIMARY KEY (a, b)");
        cluster.declare(TableLayout.partitioned("test", table, Partitioning.key(4, "b", "a")));
        PartitionLevel first = load(table).first();
        assertEquals(List.of(new PartitionLevel.KeyColumn("b", 23, 63, "", 0, 0, 6),
                new PartitionLevel.KeyColumn("a", 5, 63, "", 19, 0, 0)), first.keys());
        assertEquals("`b`,`a`", first.expression());
    }

    @Test
    void rangeAndListBoundsAndTwoLevels() throws SQLException {
        String range = Sql.createTable(cluster, "loc_range", "id INT PRIMARY KEY");
        cluster.declare(TableLayout.partitioned("test", range, Partitioning.range("id", "100", "MAXVALUE")));
        assertEquals(List.of("100", "MAXVALUE"), load(range).first().highBounds());

        String list = Sql.createTable(cluster, "loc_list", "id INT PRIMARY KEY");
        cluster.declare(TableLayout.partitioned("test", list, Partitioning.list("id", "1,2", "DEFAULT")));
        assertEquals(List.of("1,2", "DEFAULT"), load(list).first().highBounds(), "as OceanBase prints high_bound_val");

        String two = Sql.createTable(cluster, "loc_two", "id BIGINT, k VARCHAR(10), PRIMARY KEY (id, k)");
        cluster.declare(TableLayout.partitioned("test", two, Partitioning.range("id", "10", "MAXVALUE"))
                .subpartitioned(p -> Partitioning.key(p + 2, "k")));
        TableLocation location = load(two);
        assertEquals(2, location.subLevels().size());
        assertEquals(List.of(0L, 0L), location.first().tabletIds(), "partitions with sub-partitions own no tablet");
        assertEquals(3, location.subLevels().get(1).count());
        assertEquals(1, location.subLevels().get(1).type());
        long tablet = location.subLevels().get(1).tabletIds().get(2);
        assertEquals(address(cluster.leaderOf("test", two, 1, 2)), location.leader(tablet));
    }

    @Test
    void nonPartitionedTableAndLeaderMove() throws SQLException {
        String table = Sql.createTable(cluster, "loc_plain", "id INT PRIMARY KEY");
        TableLocation before = load(table);
        assertFalse(before.isPartitioned());
        int leader = cluster.leaderOf("test", table, 0, -1);
        assertEquals(address(leader), before.leader(before.firstTablet()));
        cluster.moveLeader("test", table, leader % 3 + 1);
        TableLocation after = load(table);
        assertEquals(address(leader % 3 + 1), after.leader(after.firstTablet()));
    }

    @Test
    void missingTableHasNoLocation() throws SQLException {
        assertNull(load("no_such_table"));
    }
}

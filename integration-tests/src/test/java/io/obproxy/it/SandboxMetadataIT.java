package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.sandbox.Partitioning;
import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SandboxNode;
import io.obproxy.sandbox.TableLayout;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The emulated OceanBase metadata answers ODP's own queries (odp-facts section 1), identically on
 * every node, read as ODP reads them: as the sys-tenant metadata user ({@code proxyro@sys}).
 */
@ExtendWith(SandboxExtension.class)
class SandboxMetadataIT {
    /** ODP's server list query, unchanged. */
    static final String SERVERS_SQL = "SELECT /*+READ_CONSISTENCY(WEAK)*/ svr_ip, svr_port, sql_port, zone, status,"
            + " start_service_time is not null, stop_time is not null FROM oceanbase.DBA_OB_SERVERS"
            + " WHERE svr_port > 0 ORDER BY zone";
    /** ODP's table location query, unchanged. */
    static final String LOCATION_SQL = "SELECT /*+READ_CONSISTENCY(WEAK)*/ A.*, B.svr_port"
            + " FROM oceanbase.__all_virtual_proxy_schema A JOIN oceanbase.DBA_OB_SERVERS B"
            + " ON A.svr_ip=B.svr_ip AND A.sql_port=B.sql_port WHERE A.tenant_name=? AND A.database_name=?"
            + " AND A.table_name=? AND A.tablet_id=? ORDER BY A.role";

    private final SandboxCluster cluster;

    SandboxMetadataIT(SandboxCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void everyNodeListsAllServersActiveWithAdvertisedAddresses() throws SQLException {
        for (SandboxNode node : cluster.nodes()) {
            try (Connection c = cluster.connectAsMetadataUser(node)) {
                List<List<String>> rows = Sql.rows(c, SERVERS_SQL);
                assertEquals(3, rows.size(), "servers seen from " + node);
                for (int i = 0; i < 3; i++) {
                    SandboxNode expected = cluster.node(i + 1);
                    List<String> row = rows.get(i);
                    assertEquals(List.of("127.0.0.1", String.valueOf(expected.serverPort()),
                            String.valueOf(expected.port()), "zone" + (i + 1), "ACTIVE", "1", "0"), row);
                }
                assertEquals("3", Sql.scalar(c, "SELECT COUNT(*) FROM oceanbase.GV$OB_SERVERS"));
                assertEquals("PRIMARY", Sql.scalar(c, "SELECT tenant_role FROM oceanbase.DBA_OB_TENANTS"
                        + " WHERE tenant_name = 'test'"));
                assertEquals("idc2", Sql.scalar(c, "SELECT IDC FROM oceanbase.DBA_OB_ZONES WHERE ZONE = 'zone2'"));
            }
        }
    }

    /**
     * DBA_OB_SERVERS and GV$OB_SERVERS are sys-tenant views: a user tenant's user cannot read them
     * and learns the tenant's servers from __all_dummy's entry, as ODP does.
     */
    @Test
    void serverViewsAreForTheSysTenantTheTenantReadsAllDummy() throws SQLException {
        try (Connection c = cluster.connect(cluster.node(2))) {
            for (String view : List.of("DBA_OB_SERVERS", "GV$OB_SERVERS")) {
                SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                        () -> Sql.rows(c, "SELECT * FROM oceanbase." + view));
                // OceanBase: 1146 no such table; MariaDB reports the view's refusal as 1356 (docs/sandbox.md)
                assertEquals(1356, e.getErrorCode(), view + ": " + e.getMessage());
            }
            assertEquals("3", Sql.scalar(c, Sql.TENANT_SERVER_COUNT));
        }
    }

    @Test
    void declaredHashTableShowsItsPlacementOnEveryNode() throws SQLException {
        String table = Sql.uniqueName("meta_hash");
        try (Connection c = cluster.connect(cluster.node(1))) {
            Sql.exec(c, "CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, v VARCHAR(20))");
        }
        cluster.declare(TableLayout.partitioned("test", table, Partitioning.hash("id", 6)));
        for (SandboxNode node : cluster.nodes()) {
            try (Connection c = cluster.connectAsMetadataUser(node)) {
                List<Long> tablets = tablets(c, table);
                assertEquals(6, tablets.size(), "partitions seen from " + node);
                for (int p = 0; p < 6; p++) {
                    List<List<String>> replicas = location(c, table, tablets.get(p));
                    assertEquals(3, replicas.size(), "replicas of partition " + p);
                    int leader = cluster.leaderOf("test", table, p, -1);
                    assertEquals(p % 3 + 1, leader, "round robin");
                    assertEquals(String.valueOf(cluster.node(leader).port()), replicas.get(0).get(1),
                            "leader row first, on the leader's advertised port");
                    assertEquals("1", replicas.get(0).get(2));
                    assertEquals("2", replicas.get(1).get(2));
                }
                List<List<String>> info = Sql.rows(c, "SELECT part_level, part_type, part_num, part_key_name,"
                        + " part_key_type, part_key_collation_type FROM oceanbase.__all_virtual_proxy_partition_info"
                        + " WHERE tenant_name = 'test' AND table_id = " + tableId(c, table));
                assertEquals(List.of(List.of("1", "0", "6", "id", "5", "63")), info);
            }
        }
    }

    @Test
    void leaderMoveShowsOnEveryNode() throws SQLException {
        String table = Sql.uniqueName("meta_move");
        try (Connection c = cluster.connect(cluster.node(2))) {
            Sql.exec(c, "CREATE TABLE " + table + " (id INT PRIMARY KEY)");
        }
        cluster.declare(TableLayout.partitioned("test", table, Partitioning.range("id", "100", "MAXVALUE")));
        int before = cluster.leaderOf("test", table, 1, -1);
        int target = before % 3 + 1;
        cluster.moveLeader("test", table, 1, target);
        for (SandboxNode node : cluster.nodes()) {
            try (Connection c = cluster.connectAsMetadataUser(node)) {
                long tablet = tablets(c, table).get(1);
                List<List<String>> replicas = location(c, table, tablet);
                assertEquals(String.valueOf(cluster.node(target).port()), replicas.get(0).get(1), "on " + node);
                assertEquals(List.of(List.of("p0", "100"), List.of("p1", "MAXVALUE")),
                        Sql.rows(c, "SELECT part_name, high_bound_val FROM oceanbase.__all_virtual_proxy_partition"
                                + " WHERE tenant_name = 'test' AND table_id = " + tableId(c, table) + " ORDER BY part_id"));
            }
        }
    }

    @Test
    void newTableIsRegisteredAutomaticallyAsOneTabletOnEveryNode() throws SQLException {
        String table = Sql.uniqueName("meta_auto");
        try (Connection c = cluster.connect(cluster.node(3))) {
            Sql.exec(c, "CREATE TABLE " + table + " (id INT PRIMARY KEY)");
        }
        cluster.awaitReplication(Duration.ofSeconds(5));
        int leader = cluster.leaderOf("test", table, 0, -1);
        for (SandboxNode node : cluster.nodes()) {
            try (Connection c = cluster.connectAsMetadataUser(node)) {
                List<List<String>> replicas = location(c, table, 0);
                assertEquals(3, replicas.size(), "entry of a new table on " + node);
                assertEquals(String.valueOf(cluster.node(leader).port()), replicas.get(0).get(1));
                assertEquals("1", Sql.scalar(c, "SELECT DISTINCT part_num FROM oceanbase.__all_virtual_proxy_schema"
                        + " WHERE tenant_name = 'test' AND database_name = 'test' AND table_name = '" + table + "'"));
            }
        }
        cluster.moveLeader("test", table, leader % 3 + 1);
        try (Connection c = cluster.connectAsMetadataUser(cluster.node(1))) {
            assertEquals(String.valueOf(cluster.node(leader % 3 + 1).port()), location(c, table, 0).get(0).get(1));
        }
    }

    @Test
    void missingTableHasNoEntry() throws SQLException {
        try (Connection c = cluster.connectAsMetadataUser(cluster.node(1))) {
            assertTrue(location(c, "no_such_table", 0).isEmpty());
        }
    }

    @Test
    void inactiveServerShowsInactiveAndLeavesGvView() throws SQLException {
        cluster.markInactive(3);
        try {
            for (SandboxNode node : cluster.nodes()) {
                try (Connection c = cluster.connectAsMetadataUser(node)) {
                    assertEquals("INACTIVE", Sql.scalar(c, "SELECT STATUS FROM oceanbase.DBA_OB_SERVERS WHERE ID = 3"));
                    assertEquals("2", Sql.scalar(c, "SELECT COUNT(*) FROM oceanbase.GV$OB_SERVERS"));
                }
            }
        } finally {
            cluster.markActive(3);
        }
    }

    @Test
    void twoLevelTableListsSubPartitionsPerPartition() throws SQLException {
        String table = Sql.uniqueName("meta_two");
        try (Connection c = cluster.connect(cluster.node(1))) {
            Sql.exec(c, "CREATE TABLE " + table + " (id BIGINT, k VARCHAR(16) COLLATE utf8mb4_bin, PRIMARY KEY (id, k))");
        }
        cluster.declare(TableLayout.partitioned("test", table, Partitioning.range("id", "10", "MAXVALUE"))
                .subpartitioned(p -> p == 0 ? Partitioning.key(2, "k") : Partitioning.key(3, "k")));
        try (Connection c = cluster.connect(cluster.node(2))) {
            long id = tableId(c, table);
            assertEquals(List.of(List.of("0", "2", "0"), List.of("1", "3", "0")),
                    Sql.rows(c, "SELECT part_id, sub_part_num, tablet_id FROM oceanbase.__all_virtual_proxy_partition"
                            + " WHERE tenant_name = 'test' AND table_id = " + id + " ORDER BY part_id"));
            assertEquals("5", Sql.scalar(c, "SELECT COUNT(*) FROM oceanbase.__all_virtual_proxy_sub_partition"
                    + " WHERE tenant_name = 'test' AND table_id = " + id));
            assertEquals(List.of(List.of("1", "id", "63"), List.of("2", "k", "46")),
                    Sql.rows(c, "SELECT part_key_level, part_key_name, part_key_collation_type"
                            + " FROM oceanbase.__all_virtual_proxy_partition_info WHERE tenant_name = 'test'"
                            + " AND table_id = " + id + " ORDER BY part_key_level"));
        }
    }

    /**
     * The partition tables hold what OceanBase's virtual tables give (src/observer/virtual_table/
     * ob_all_virtual_proxy_partition_info.cpp, ob_all_virtual_proxy_partition.cpp,
     * ob_all_virtual_proxy_sub_partition.cpp): {@code part_key_idx} is the column's place in the
     * table, the key order is the expression's; {@code part_position} is the index for HASH/KEY and
     * 0 for RANGE/LIST; {@code sub_part_position} NULL for RANGE/LIST; {@code part_key_length} the
     * string's length in characters, 0 for numbers; a current tenant's DECIMAL, DATE, DATETIME are
     * DECIMAL_INT 50, MYSQL_DATE 52, MYSQL_DATETIME 53.
     */
    @Test
    void partitionTablesAreFilledAsOceanBaseFillsThem() throws SQLException {
        String key = Sql.uniqueName("meta_keyba");
        String range = Sql.uniqueName("meta_rng");
        String types = Sql.uniqueName("meta_types");
        try (Connection c = cluster.connect(cluster.node(1))) {
            Sql.exec(c, "CREATE TABLE " + key + " (a BIGINT, x INT, b VARCHAR(24), PRIMARY KEY (b, a))");
            Sql.exec(c, "CREATE TABLE " + range + " (id BIGINT, s INT, PRIMARY KEY (id, s))");
            Sql.exec(c, "CREATE TABLE " + types + " (d DECIMAL(12,2), t DATE, dt DATETIME, PRIMARY KEY (d, t, dt))");
        }
        cluster.declare(TableLayout.partitioned("test", key, Partitioning.key(3, "b", "a")));
        cluster.declare(TableLayout.partitioned("test", range, Partitioning.range("id", "10", "MAXVALUE"))
                .subpartitioned(Partitioning.range("s", "5", "MAXVALUE")));
        cluster.declare(TableLayout.partitioned("test", types, Partitioning.key(2, "d", "t", "dt")));
        try (Connection c = cluster.connect(cluster.node(2))) {
            assertEquals(List.of(List.of("a", "0", "5", "0", "1", "`b`,`a`"), List.of("b", "2", "22", "24", "0", "`b`,`a`")),
                    Sql.rows(c, "SELECT part_key_name, part_key_idx, part_key_type, part_key_length,"
                            + " part_key_rowkey_idx, part_expr FROM oceanbase.__all_virtual_proxy_partition_info"
                            + " WHERE tenant_name = 'test' AND table_id = " + tableId(c, key) + " ORDER BY part_key_idx"));
            assertEquals(List.of("0", "1", "2"), column(Sql.rows(c, "SELECT part_position FROM"
                    + " oceanbase.__all_virtual_proxy_partition WHERE tenant_name = 'test' AND table_id = "
                    + tableId(c, key) + " ORDER BY part_id")));
            long rangeId = tableId(c, range);
            assertEquals(List.of("0", "0"), column(Sql.rows(c, "SELECT part_position FROM"
                    + " oceanbase.__all_virtual_proxy_partition WHERE tenant_name = 'test' AND table_id = " + rangeId)));
            assertEquals("4", Sql.scalar(c, "SELECT COUNT(*) FROM oceanbase.__all_virtual_proxy_sub_partition"
                    + " WHERE tenant_name = 'test' AND table_id = " + rangeId + " AND sub_part_position IS NULL"));
            assertEquals(List.of("50", "52", "53"), column(Sql.rows(c, "SELECT part_key_type FROM"
                    + " oceanbase.__all_virtual_proxy_partition_info WHERE tenant_name = 'test' AND table_id = "
                    + tableId(c, types) + " ORDER BY part_key_idx")));
        }
    }

    private static List<String> column(List<List<String>> rows) {
        return rows.stream().map(r -> r.get(0)).toList();
    }

    static long tableId(Connection c, String table) throws SQLException {
        return Long.parseLong(Sql.scalar(c, "SELECT DISTINCT table_id FROM oceanbase.__all_virtual_proxy_schema"
                + " WHERE tenant_name = 'test' AND database_name = 'test' AND table_name = '" + table + "'"));
    }

    /** @return tablet ids in partition order, from ODP's partition query */
    static List<Long> tablets(Connection c, String table) throws SQLException {
        List<Long> ids = new ArrayList<>();
        for (List<String> row : Sql.rows(c, "SELECT /*+READ_CONSISTENCY(WEAK)*/ tablet_id, part_id, part_name,"
                + " high_bound_val_bin, high_bound_val, sub_part_num FROM oceanbase.__all_virtual_proxy_partition"
                + " WHERE table_id = " + tableId(c, table) + " AND tenant_name = 'test' LIMIT 1000")) {
            ids.add(Long.parseLong(row.get(0)));
        }
        return ids;
    }

    /** @return (svr_ip, sql_port, role) per replica, leader first, from ODP's location query */
    static List<List<String>> location(Connection c, String table, long tablet) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LOCATION_SQL)) {
            ps.setString(1, "test");
            ps.setString(2, "test");
            ps.setString(3, table);
            ps.setLong(4, tablet);
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(List.of(rs.getString("svr_ip"), rs.getString("sql_port"), rs.getString("role")));
                }
            }
            return rows;
        }
    }
}

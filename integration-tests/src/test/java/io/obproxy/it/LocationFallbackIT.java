package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.jdbc.ObProxyDriver;
import io.obproxy.sandbox.Partitioning;
import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.TableLayout;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Users of a tenant that may not read OceanBase's proxy tables: with SELECT on the DBA views the
 * driver routes from {@code DBA_OB_TABLE_LOCATIONS} and {@code information_schema.PARTITIONS}
 * (the MariaDB tables here are partitioned for real, so that information_schema describes them);
 * with neither, every statement takes the default route and nothing fails.
 */
@ExtendWith(SandboxExtension.class)
class LocationFallbackIT {
    private static final int ROWS = 200;

    private final SandboxCluster cluster;

    LocationFallbackIT(SandboxCluster cluster) {
        this.cluster = cluster;
    }

    /** Creates a tenant user with the given grants (beyond SELECT, INSERT on test.*) and returns its login. */
    private String user(String name, String... views) throws SQLException {
        String login = name + "@" + cluster.config().tenant();
        try (Connection c = cluster.connect(cluster.node(1))) {
            Sql.exec(c, "CREATE USER IF NOT EXISTS '" + login + "'@'%' IDENTIFIED BY '" + cluster.password() + "'");
            Sql.exec(c, "GRANT SELECT, INSERT ON test.* TO '" + login + "'@'%'");
            for (String view : views) {
                Sql.exec(c, "GRANT SELECT ON oceanbase." + view + " TO '" + login + "'@'%'");
            }
        }
        cluster.awaitReplication(Duration.ofSeconds(5));
        return login;
    }

    private Connection connect(ObProxyDriver driver, String login) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", login);
        p.setProperty("password", cluster.password());
        return driver.connect("jdbc:obproxy://" + cluster.seeds() + "/test", p);
    }

    private String partitionedTable(String prefix, String partitionClause, TableLayoutOf layout) throws SQLException {
        String table = Sql.uniqueName(prefix);
        try (Connection c = cluster.connect(cluster.node(1))) {
            Sql.exec(c, "CREATE TABLE " + table + " (id BIGINT, sub INT, server INT, PRIMARY KEY (id, sub)) "
                    + partitionClause);
        }
        cluster.awaitReplication(Duration.ofSeconds(5));
        cluster.declare(layout.of(table));
        return table;
    }

    interface TableLayoutOf {
        TableLayout of(String table);
    }

    private void insertsRunOnLeaders(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, sub, server) VALUES (?, ?, @@server_id)")) {
            for (int i = 0; i < ROWS; i++) {
                ps.setLong(1, i * 7919L - 500_000);
                ps.setInt(2, i % 10);
                ps.executeUpdate(); // the sandbox refuses a write on a non-leader (4038): none may fail
            }
        }
    }

    @Test
    void dbaViewsRouteWhenProxyTablesAreClosed() throws Exception {
        String login = user("dbaviews", "DBA_OB_TABLE_LOCATIONS", "DBA_OB_LS_LOCATIONS", "DBA_OB_SERVERS", "DBA_OB_ZONES");
        String hash = partitionedTable("fb_hash", "PARTITION BY HASH(id) PARTITIONS 12",
                t -> TableLayout.partitioned("test", t, Partitioning.hash("id", 12)));
        String twoLevels = partitionedTable("fb_two", "PARTITION BY RANGE(id) SUBPARTITION BY HASH(sub) SUBPARTITIONS 4"
                        + " (PARTITION p0 VALUES LESS THAN (0), PARTITION p1 VALUES LESS THAN MAXVALUE)",
                t -> TableLayout.partitioned("test", t, Partitioning.range("id", "0", "MAXVALUE"))
                        .subpartitioned(Partitioning.hash("sub", 4)));
        try (ObProxyDriver driver = new ObProxyDriver(); Connection c = connect(driver, login)) {
            insertsRunOnLeaders(c, hash);
            insertsRunOnLeaders(c, twoLevels);
            List<String> explain = Sql.rows(c, "EXPLAIN ROUTE SELECT * FROM " + twoLevels + " WHERE id = 5 AND sub = 6")
                    .get(0);
            assertEquals("1.2", explain.get(1), "partition 1, sub-partition 6 % 4");
            assertEquals(cluster.node(cluster.leaderOf("test", twoLevels, 1, 2)).address(), explain.get(4));
            assertEquals("LEADER", explain.get(5));
            for (int id = 0; id < 12; id++) {
                List<String> one = Sql.rows(c, "EXPLAIN ROUTE SELECT * FROM " + hash + " WHERE id = " + id).get(0);
                assertEquals(List.of(String.valueOf(id), cluster.node(cluster.leaderOf("test", hash, id, -1)).address(),
                        "LEADER"), List.of(one.get(1), one.get(4), one.get(5)),
                        "a one-level table's tablets, named by partition with SUBPARTITION_NAME 'NULL'");
            }
        }
        cluster.awaitReplication(Duration.ofSeconds(10));
        try (Connection c = cluster.connect(cluster.node(1))) {
            assertEquals(String.valueOf(ROWS), Sql.scalar(c, "SELECT COUNT(*) FROM " + hash));
            assertEquals(String.valueOf(ROWS), Sql.scalar(c, "SELECT COUNT(*) FROM " + twoLevels));
        }
    }

    /**
     * The DBA views route every key to the partition the proxy tables route it to: KEY() over a
     * primary key declared in another order than the table's columns (information_schema gives no
     * expression), and KEY over a DECIMAL, which a current tenant stores as DECIMAL_INT.
     */
    @Test
    void dbaViewsRouteKeysAsTheProxyTablesDo() throws Exception {
        String login = user("dbakeys", "DBA_OB_TABLE_LOCATIONS", "DBA_OB_LS_LOCATIONS");
        String implicit = partitionedTable("fb_keyimpl", "PARTITION BY KEY() PARTITIONS 6",
                t -> TableLayout.partitioned("test", t, Partitioning.key(6, "sub", "id")));
        try (Connection c = cluster.connect(cluster.node(1))) {
            Sql.exec(c, "ALTER TABLE " + implicit + " DROP PRIMARY KEY, ADD PRIMARY KEY (sub, id)");
        }
        String decimal = Sql.uniqueName("fb_keydec");
        try (Connection c = cluster.connect(cluster.node(1))) {
            Sql.exec(c, "CREATE TABLE " + decimal + " (d DECIMAL(12,2) PRIMARY KEY) PARTITION BY KEY(d) PARTITIONS 7");
        }
        cluster.awaitReplication(Duration.ofSeconds(5));
        cluster.declare(TableLayout.partitioned("test", decimal, Partitioning.key(7, "d")));
        try (ObProxyDriver driver = new ObProxyDriver(); Connection views = connect(driver, login);
             Connection proxyTables = connect(driver, cluster.tenantUser())) {
            java.util.Set<String> partitions = new java.util.HashSet<>();
            for (int i = 0; i < 40; i++) {
                String key = "SELECT * FROM " + implicit + " WHERE id = " + (i * 7919 - 90_000) + " AND sub = " + i;
                String dec = "SELECT * FROM " + decimal + " WHERE d = " + (i * 104_729 - 2_000_000) / 100.0;
                for (String sql : List.of(key, dec)) {
                    List<String> expected = Sql.rows(proxyTables, "EXPLAIN ROUTE " + sql).get(0);
                    List<String> actual = Sql.rows(views, "EXPLAIN ROUTE " + sql).get(0);
                    assertEquals(List.of(expected.get(1), expected.get(2), expected.get(4)),
                            List.of(actual.get(1), actual.get(2), actual.get(4)),
                            sql + " (partition, tablet, chosen server) through the DBA views");
                    partitions.add(sql.substring(0, 30) + expected.get(1));
                }
            }
            assertTrue(partitions.size() > 8, "keys over several partitions of each table: " + partitions);
        }
    }

    @Test
    void withoutAnyMetadataEveryStatementTakesTheDefaultRoute() throws Exception {
        String login = user("nometa");
        String table = Sql.createTable(cluster, "fb_none", "id BIGINT PRIMARY KEY, server INT");
        try (ObProxyDriver driver = new ObProxyDriver(); Connection c = connect(driver, login)) {
            for (int i = 0; i < 20; i++) {
                Sql.exec(c, "INSERT INTO " + table + " VALUES (" + i + ", @@server_id)");
            }
            List<String> explain = Sql.rows(c, "EXPLAIN ROUTE SELECT * FROM " + table + " WHERE id = 5").get(0);
            assertEquals("DEFAULT; not routable: no location for this table", explain.get(5));
            assertTrue(Sql.rows(c, "SHOW PROXYROUTE").stream().allMatch(r -> r.get(6).equals("NOT_FOUND")));
        }
    }
}

package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.jdbc.ObProxyDriver;
import io.obproxy.sandbox.ColumnTypes;
import io.obproxy.sandbox.Partitioning;
import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SandboxConfig;
import io.obproxy.sandbox.TableLayout;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A tenant created before OceanBase 4.2.1 stores DECIMAL, DATE and DATETIME as NUMBER (15), DATE (19)
 * and DATETIME (17): the sandbox says so with {@code columnTypes(OLDER)}, and the DBA-view fallback
 * maps information_schema's types so with {@code tenantColumnTypes=OLDER}, routing DECIMAL keys as
 * the proxy tables do. One node: only partition indexes are compared.
 */
class OlderTenantIT {
    private static SandboxCluster cluster;

    @BeforeAll
    static void start() {
        cluster = SandboxCluster.start(SandboxConfig.builder().clusterName("obolder").nodes(1)
                .columnTypes(ColumnTypes.OLDER).build());
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private Connection connect(ObProxyDriver driver, String user, String... properties) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", cluster.password());
        for (int i = 0; i < properties.length; i += 2) {
            p.setProperty(properties[i], properties[i + 1]);
        }
        return driver.connect("jdbc:obproxy://" + cluster.seeds() + "/test", p);
    }

    @Test
    void decimalDateAndDatetimeKeysAreTheOlderTypesAndTheDbaViewsRouteThemAlike() throws Exception {
        String table = Sql.uniqueName("old_types");
        String login = "old_views@" + cluster.config().tenant();
        try (Connection c = cluster.connect(cluster.node(1))) {
            Sql.exec(c, "CREATE TABLE " + table + " (d DECIMAL(12,2), t DATE, dt DATETIME, PRIMARY KEY (d, t, dt))"
                    + " PARTITION BY KEY(d) PARTITIONS 7");
            Sql.exec(c, "CREATE USER IF NOT EXISTS '" + login + "'@'%' IDENTIFIED BY '" + cluster.password() + "'");
            Sql.exec(c, "GRANT SELECT ON test.* TO '" + login + "'@'%'");
            Sql.exec(c, "GRANT SELECT ON oceanbase.DBA_OB_TABLE_LOCATIONS TO '" + login + "'@'%'");
            Sql.exec(c, "GRANT SELECT ON oceanbase.DBA_OB_LS_LOCATIONS TO '" + login + "'@'%'");
        }
        cluster.declare(TableLayout.partitioned("test", table, Partitioning.key(7, "d")));
        cluster.awaitReplication(Duration.ofSeconds(5));
        try (Connection c = cluster.connectAsMetadataUser(cluster.node(1))) {
            String id = Sql.scalar(c, "SELECT DISTINCT table_id FROM oceanbase.__all_virtual_proxy_schema"
                    + " WHERE tenant_name = 'test' AND database_name = 'test' AND table_name = '" + table + "'");
            assertEquals("15", Sql.scalar(c, "SELECT part_key_type FROM oceanbase.__all_virtual_proxy_partition_info"
                    + " WHERE tenant_name = 'test' AND table_id = " + id));
        }
        try (ObProxyDriver driver = new ObProxyDriver();
             Connection proxyTables = connect(driver, cluster.tenantUser());
             Connection views = connect(driver, login, "tenantColumnTypes", "OLDER")) {
            Set<String> partitions = new HashSet<>();
            for (int i = 0; i < 30; i++) {
                String sql = "EXPLAIN ROUTE SELECT * FROM " + table + " WHERE d = " + (i * 104_729 - 1_500_000) / 100.0;
                String expected = Sql.rows(proxyTables, sql).get(0).get(1);
                assertEquals(expected, Sql.rows(views, sql).get(0).get(1), sql + " through the DBA views");
                partitions.add(expected);
            }
            assertTrue(partitions.size() > 3, "keys over several partitions: " + partitions);
        }
    }

    @Test
    void theSandboxDescribesDateAndDatetimeKeysWithTheOlderTypes() throws SQLException {
        String table = Sql.createTable(cluster, "old_dates", "t DATE, dt DATETIME, PRIMARY KEY (t, dt)");
        cluster.declare(TableLayout.partitioned("test", table, Partitioning.key(3, "t", "dt")));
        try (Connection c = cluster.connectAsMetadataUser(cluster.node(1))) {
            String id = Sql.scalar(c, "SELECT DISTINCT table_id FROM oceanbase.__all_virtual_proxy_schema"
                    + " WHERE tenant_name = 'test' AND database_name = 'test' AND table_name = '" + table + "'");
            assertEquals(List.of(List.of("19"), List.of("17")), Sql.rows(c, "SELECT part_key_type FROM"
                    + " oceanbase.__all_virtual_proxy_partition_info WHERE tenant_name = 'test' AND table_id = " + id
                    + " ORDER BY part_key_idx"));
        }
    }
}

package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.jdbc.ObProxyDriver;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Weak reads land on followers by route policy and locality; strong reads never do. The oracle is
 * {@code @@server_id} read by the statement itself. The sandbox's nodes are zone/IDC 1..3, regions
 * region1 (nodes 1, 2) and region2 (node 3); the table is led by node 1. A cluster of its own: these
 * tests mark servers inactive and zones compacting. Each test has its own driver instance, whose
 * server list refreshes every second.
 */
class WeakReadIT {
    private static SandboxCluster cluster;
    private static String table;
    private ObProxyDriver driver;

    @BeforeAll
    static void start() throws SQLException {
        cluster = SandboxCluster.start(SandboxConfig.builder().clusterName("itweak").build());
        table = Sql.createTable(cluster, "weak", "id INT PRIMARY KEY, v INT");
        cluster.declare(TableLayout.nonPartitioned("test", table).leaders(1));
        try (Connection c = cluster.connect(cluster.node(1))) {
            Sql.exec(c, "INSERT INTO " + table + " VALUES (1, 1)");
        }
        cluster.awaitReplication(Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    private Connection connect(String... properties) throws SQLException {
        if (driver == null) {
            driver = new ObProxyDriver();
        }
        Properties p = new Properties();
        p.setProperty("serverListRefreshSeconds", "1");
        p.setProperty("metadataUser", cluster.metadataUser()); // zones, IDCs and status: sys-tenant views
        p.setProperty("metadataPassword", cluster.password());
        for (int i = 0; i < properties.length; i += 2) {
            p.setProperty(properties[i], properties[i + 1]);
        }
        return driver.connect(cluster.jdbcUrl(), p);
    }

    private static int node(Connection c, String select) throws SQLException {
        return Integer.parseInt(Sql.scalar(c, select.replace("?", "@@server_id FROM " + table + " WHERE id = 1")));
    }

    private static final String WEAK = "SELECT /*+READ_CONSISTENCY(WEAK)*/ ?";
    private static final String PLAIN = "SELECT ?";

    @Test
    void strongReadsStayOnTheLeaderWeakReadsSpreadOverFollowers() throws SQLException {
        Set<Integer> weak = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            try (Connection c = connect()) {
                assertEquals(1, node(c, PLAIN), "a strong read on a follower");
                assertEquals(1, node(c, "SELECT ? FOR UPDATE"));
                weak.add(node(c, WEAK));
            }
        }
        assertEquals(Set.of(2, 3), weak, "weak reads go to the followers, both over many connections");
    }

    @Test
    void localityPrefersTheIdcThenTheRegion() throws SQLException {
        try (Connection c = connect("proxyIdcName", "idc3")) {
            for (int i = 0; i < 5; i++) {
                assertEquals(3, node(c, WEAK));
            }
        }
        try (Connection c = connect("proxyIdcName", "idc1")) {
            assertEquals(2, node(c, WEAK), "idc1 holds only the leader: the follower in region1 is next");
            Sql.exec(c, "SET @proxy_idc_name = 'idc3'");
            assertEquals(3, node(c, WEAK), "the session's @proxy_idc_name overrides the property");
            assertEquals(1, node(c, PLAIN));
        }
    }

    @Test
    void readConsistencyWeakMakesPlainSelectsWeakButNotInTransactions() throws SQLException {
        try (Connection c = connect("readConsistency", "weak", "proxyIdcName", "idc2")) {
            assertEquals(2, node(c, PLAIN));
            assertEquals(1, node(c, "SELECT /*+READ_CONSISTENCY(STRONG)*/ ?"), "a STRONG hint wins");
            assertEquals(1, node(c, "SELECT ? LOCK IN SHARE MODE"));
            c.setAutoCommit(false);
            assertEquals(1, node(c, PLAIN), "inside a transaction reads are strong");
            c.commit();
            c.setAutoCommit(true);
            Sql.exec(c, "BEGIN");
            assertEquals(1, node(c, WEAK), "the first statement of a transaction is strong, even hinted");
            Sql.exec(c, "COMMIT");
            assertEquals(2, node(c, PLAIN));
        }
    }

    @Test
    void readOnlyMakesReadsWeakOnlyWhenOptedIn() throws SQLException {
        try (Connection c = connect("proxyIdcName", "idc3")) {
            c.setReadOnly(true);
            assertEquals(1, node(c, PLAIN), "read-only alone keeps reads strong");
        }
        try (Connection c = connect("proxyIdcName", "idc3", "readOnlyWeakReads", "true")) {
            assertEquals(1, node(c, PLAIN));
            c.setReadOnly(true);
            assertEquals(3, node(c, PLAIN));
            c.setReadOnly(false);
            assertEquals(1, node(c, PLAIN));
        }
    }

    @Test
    void unmergeFollowerFirstAvoidsACompactingZone() throws Exception {
        try (Connection c = connect("proxyIdcName", "idc2", "routePolicy", "UNMERGE_FOLLOWER_FIRST")) {
            assertEquals(2, node(c, WEAK));
            cluster.setCompacting(2, true);
            try {
                assertEquals(3, awaitNode(c, 3), "zone2 compacts: the other follower, in another region");
                List<List<String>> explain = Sql.rows(c, "EXPLAIN ROUTE SELECT /*+READ_CONSISTENCY(WEAK)*/ * FROM "
                        + table + " WHERE id = 1");
                assertEquals("FOLLOWER", explain.get(0).get(5));
                assertEquals(cluster.node(3).address(), explain.get(0).get(4));
            } finally {
                cluster.setCompacting(2, false);
            }
            assertEquals(2, awaitNode(c, 2));
        }
    }

    @Test
    void followerOnlyFailsWhenNoFollowerIsUpFollowerFirstFallsBackToTheLeader() throws Exception {
        try (Connection only = connect("routePolicy", "FOLLOWER_ONLY"); Connection first = connect()) {
            assertTrue(node(only, WEAK) != 1);
            cluster.markInactive(2);
            cluster.markInactive(3);
            try {
                long deadline = System.nanoTime() + 10_000_000_000L;
                SQLException refused = null;
                while (refused == null && System.nanoTime() < deadline) {
                    try {
                        node(only, WEAK);
                        Thread.sleep(100);
                    } catch (SQLException e) {
                        refused = e;
                    }
                }
                assertTrue(refused != null && refused.getMessage().contains("no follower replica is available"),
                        String.valueOf(refused));
                assertEquals("HY000", refused.getSQLState());
                assertEquals(1, node(first, WEAK), "FOLLOWER_FIRST reads the leader");
            } finally {
                cluster.markActive(2);
                cluster.markActive(3);
            }
        }
    }

    /** Runs weak reads until they land on {@code expected} (the server list refreshes every second). */
    private static int awaitNode(Connection c, int expected) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        int seen = node(c, WEAK);
        while (seen != expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
            seen = node(c, WEAK);
        }
        return seen;
    }
}

package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.jdbc.ObProxyDriver;
import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SandboxConfig;
import io.obproxy.sandbox.SandboxConfigServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two sandbox clusters of the same tenant, one PRIMARY and one STANDBY replaying it, as an
 * OceanBase primary/standby pair, with a config server describing both. {@code @@server_id} tells
 * the clusters apart: 1 and 2 in the first, 101 and 102 in the second. The switchover runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrimaryStandbyIT {
    private static SandboxCluster first;
    private static SandboxCluster second;
    private static SandboxConfigServer configServer;
    private static String table;
    private ObProxyDriver driver;

    @BeforeAll
    static void start() throws Exception {
        first = SandboxCluster.start(SandboxConfig.builder().clusterName("obfirst").clusterId(1).nodes(2)
                .password("PrimaryStandby1").build());
        second = SandboxCluster.start(SandboxConfig.builder().clusterName("obsecond").clusterId(2).nodes(2)
                .password("PrimaryStandby1").standby().build());
        second.replicateFrom(first);
        configServer = SandboxConfigServer.start(first, second);
        table = Sql.createTable(first, "ps", "id BIGINT PRIMARY KEY, server INT");
        first.awaitReplicatedTo(second, Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        if (configServer != null) {
            configServer.close();
        }
        for (SandboxCluster c : new SandboxCluster[] {first, second}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @BeforeEach
    void newDriver() {
        driver = new ObProxyDriver();
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private Connection connect(String url, String user, String... properties) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", first.password());
        for (int i = 0; i < properties.length; i += 2) {
            p.setProperty(properties[i], properties[i + 1]);
        }
        return driver.connect(url, p);
    }

    private static String clustersProperty() {
        return "obfirst=" + first.seeds() + ";obsecond=" + second.seeds();
    }

    private static int serverId(Connection c, String sql) throws SQLException {
        return Integer.parseInt(Sql.scalar(c, sql));
    }

    @Test
    @Order(1)
    void configServerDiscoveryFindsThePrimary() throws SQLException {
        try (Connection c = connect("jdbc:obproxy:///test", "root@test", "configUrl", configServer.url())) {
            Sql.exec(c, "INSERT INTO " + table + " VALUES (1, @@server_id)");
            assertTrue(serverId(c, "SELECT @@server_id") < 100, "writes go to the primary cluster");
        }
        SQLException unknown = assertThrows(SQLException.class,
                () -> connect("jdbc:obproxy:///test", "root@test#nosuch", "configUrl", configServer.url()));
        assertTrue(unknown.getMessage().contains("Unknown cluster 'nosuch'"), unknown.getMessage());
        SQLException unreachable = assertThrows(SQLException.class,
                () -> connect("jdbc:obproxy:///test", "root@test", "configUrl", "http://127.0.0.1:1/services"));
        assertTrue(unreachable.getMessage().startsWith("Config server http://127.0.0.1:1/services cannot be read"),
                unreachable.getMessage());
    }

    @Test
    @Order(2)
    void theUserNameSelectsAClusterAndWeakReadsMayUseTheStandby() throws Exception {
        first.awaitReplicatedTo(second, Duration.ofSeconds(10));
        try (Connection c = connect("jdbc:obproxy:///test", "root@test#obsecond", "clusters", clustersProperty())) {
            assertTrue(serverId(c, "SELECT @@server_id") > 100, "#obsecond: the standby cluster");
            SQLException readOnly = assertThrows(SQLException.class,
                    () -> Sql.exec(c, "INSERT INTO " + table + " VALUES (2, @@server_id)"));
            assertEquals(1290, readOnly.getErrorCode(), "a standby refuses writes: " + readOnly.getMessage());
        }
        try (Connection c = connect("jdbc:obproxy:///test", "root@test", "clusters", clustersProperty(),
                "standbyWeakReads", "true")) {
            String weak = "SELECT /*+READ_CONSISTENCY(WEAK)*/ @@server_id FROM " + table + " WHERE id = 1";
            assertTrue(serverId(c, weak) > 100, "weak reads on the standby");
            assertTrue(serverId(c, "SELECT @@server_id FROM " + table + " WHERE id = 1") < 100, "strong reads on the primary");
        }
    }

    @Test
    @Order(3)
    void aSwitchoverUnderLoadIsFollowedWithoutRestarting() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong ids = new AtomicLong(1000);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<long[]> writes = new ConcurrentLinkedQueue<>(); // {nanos, server}
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            futures.add(pool.submit(() -> {
                try (Connection c = connect("jdbc:obproxy:///test", "root@test", "configUrl", configServer.url());
                     PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (?, @@server_id)")) {
                    while (!stop.get()) {
                        long id = ids.incrementAndGet();
                        try {
                            ps.setLong(1, id);
                            ps.executeUpdate();
                            writes.add(new long[] {System.nanoTime(), serverId(c, "SELECT server FROM " + table
                                    + " WHERE id = " + id)});
                        } catch (SQLException e) {
                            failures.add(System.nanoTime() + " " + e.getSQLState() + " " + e.getErrorCode() + " "
                                    + e.getMessage());
                        }
                    }
                }
                return null;
            }));
        }
        Thread.sleep(1500);
        long switchStart = System.nanoTime();
        first.switchoverTo(second, Duration.ofMillis(1500)); // no primary for 1.5 s: writes wait for the new one
        long switchEnd = System.nanoTime();
        Thread.sleep(3000);
        stop.set(true);
        for (Future<?> f : futures) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        long before = writes.stream().filter(w -> w[0] < switchStart).count();
        long after = writes.stream().filter(w -> w[0] > switchEnd + 1_000_000_000L).count();
        long afterOnNew = writes.stream().filter(w -> w[0] > switchEnd + 1_000_000_000L && w[1] > 100).count();
        System.out.println("SWITCHOVER: switchover took " + (switchEnd - switchStart) / 1_000_000 + " ms; writes "
                + before + " before, " + after + " from 1 s after it (" + afterOnNew + " on the new primary); failed "
                + failures.size() + ": " + failures);
        assertTrue(before > 0 && after > 0, "writes before and after the switchover");
        assertEquals(after, afterOnNew, "every write after the switchover went to the new primary");
        assertEquals(List.of(), List.copyOf(failures),
                "a write refused by the old primary is sent again until the new one takes it (failoverTimeoutMillis)");
        assertEquals("STANDBY", first.tenantRole());
        assertEquals("PRIMARY", second.tenantRole());
    }
}

package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.obproxy.frontend.FrontendOption;
import io.obproxy.frontend.FrontendServer;
import io.obproxy.jdbc.ObProxyDataSource;
import io.obproxy.jdbc.ObProxyDriver;
import io.obproxy.sandbox.Partitioning;
import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SandboxFrontend;
import io.obproxy.sandbox.SandboxNode;
import io.obproxy.sandbox.TableLayout;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The metrics as each exposure shows them, each read after a test changed it on purpose: JMX after
 * a forced failover (a pinned server's connections reset), Micrometer after a stale route (a leader
 * moved), SHOW PROXYSTAT as connections open and statements run, and the front end's /metrics and
 * /health over HTTP. Each test has its own driver instance and its own table.
 */
@ExtendWith(SandboxExtension.class)
class MetricsIT {
    private static final int PARTITIONS = 3;
    private final SandboxCluster cluster;

    MetricsIT(SandboxCluster cluster) {
        this.cluster = cluster;
    }

    private String partitionedTable(String prefix) throws SQLException {
        String table = Sql.createTable(cluster, prefix, "id BIGINT PRIMARY KEY, server INT");
        cluster.declare(TableLayout.partitioned("test", table, Partitioning.hash("id", PARTITIONS)));
        return table;
    }

    private static void insert(Connection c, String table, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, server) VALUES (?, @@server_id)")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    @Test
    void jmxShowsALostTransactionAndAFailoverAfterTheServerConnectionsReset() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName clusters = new ObjectName("io.obproxy:type=Cluster,*");
        Set<ObjectName> before = new HashSet<>(jmx.queryNames(clusters, null));
        String table = partitionedTable("mjmx");
        try (ObProxyDriver driver = new ObProxyDriver(); Connection c = driver.connect(cluster.jdbcUrl(), new Properties())) {
            Set<ObjectName> added = new HashSet<>(jmx.queryNames(clusters, null));
            added.removeAll(before);
            assertEquals(1, added.size(), "this driver's cluster: " + added);
            ObjectName name = added.iterator().next();
            String serverOf = "io.obproxy:type=Server,cluster=" + name.getKeyProperty("cluster")
                    + (name.getKeyProperty("instance") == null ? "" : ",instance=" + name.getKeyProperty("instance"));
            ObjectName servers = new ObjectName(serverOf + ",*");
            assertEquals(0L, jmx.getAttribute(name, "TransactionsLost_40001"));
            long failoversBefore = sum(jmx, servers, "Failovers");

            c.setAutoCommit(false);
            insert(c, table, 1);
            int leader = Integer.parseInt(Sql.scalar(c, "SELECT @@server_id"));
            assertTrue((Long) jmx.getAttribute(name, "Pins_transaction") >= 1, "the transaction pinned the session");
            SandboxNode node = cluster.node(leader);
            try {
                node.relay().refuse(); // the forced failover: the server's connections reset, new ones refused
                node.relay().resetConnections();
                SQLException lost = assertThrows(SQLException.class, () -> insert(c, table, 1 + PARTITIONS));
                assertEquals("40001", lost.getSQLState(), lost.getMessage());
                c.rollback();
                c.setAutoCommit(true);
                Sql.exec(c, "SET @obproxy_route_addr = '" + node.address() + "'");
                assertThrows(SQLException.class, () -> Sql.scalar(c, "SELECT 1"), "its server cannot be reached");

                assertEquals(1L, jmx.getAttribute(name, "TransactionsLost_40001"));
                assertTrue(sum(jmx, servers, "Failovers") > failoversBefore, "the server left ACTIVE");
                ObjectName dead = new ObjectName(serverOf + ",server=" + ObjectName.quote(node.address()));
                assertEquals(2L, jmx.getAttribute(dead, "ServerHealth"), "DEAD");
            } finally {
                node.relay().pass();
            }
        }
        Set<ObjectName> after = new HashSet<>(jmx.queryNames(clusters, null));
        assertEquals(before, after, "the cluster's MBeans go with its driver");
    }

    private static long sum(MBeanServer jmx, ObjectName pattern, String attribute) throws Exception {
        long sum = 0;
        for (ObjectName server : jmx.queryNames(pattern, null)) {
            sum += ((Number) jmx.getAttribute(server, attribute)).longValue();
        }
        return sum;
    }

    @Test
    void aUrlPropertyBindsMicrometersGlobalRegistry() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        try (ObProxyDriver driver = new ObProxyDriver()) {
            Properties p = new Properties();
            p.setProperty("metricRegistry", "global");
            try (Connection c = driver.connect(cluster.jdbcUrl(), p)) {
                assertEquals(1.0, registry.get("obproxy.logical.connections").gauge().value());
                try (Connection other = driver.connect(cluster.jdbcUrl(), p)) {
                    assertEquals(2.0, registry.get("obproxy.logical.connections").gauge().value());
                }
            }
        } finally {
            Metrics.removeRegistry(registry);
        }
        assertTrue(registry.find("obproxy.logical.connections").meters().isEmpty(), "gone with the driver's cluster");
    }

    @Test
    void micrometerCountsAStaleRouteAndItsReroute() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        String table = partitionedTable("mstale");
        try (ObProxyDataSource ds = new ObProxyDataSource()) {
            ds.setUrl(cluster.jdbcUrl());
            ds.setMetricRegistry(registry);
            try (Connection c = ds.getConnection()) {
                insert(c, table, 1); // the location is loaded and cached: partition 1's leader
                assertEquals(0.0, registry.get("obproxy.stale.route.refusals").functionCounter().count());
                double leaderRoutes = registry.get("obproxy.routes").tag("reason", "leader").functionCounter().count();
                assertTrue(leaderRoutes >= 1, "routed to the leader: " + leaderRoutes);

                int leader = cluster.leaderOf("test", table, 1, -1);
                cluster.moveLeader("test", table, 1, leader % 3 + 1); // the cached route is stale now
                insert(c, table, 1 + PARTITIONS);

                assertTrue(registry.get("obproxy.stale.route.refusals").functionCounter().count() >= 1,
                        "the old leader refused the write");
                assertTrue(registry.get("obproxy.reroutes").functionCounter().count() >= 1, "sent again");
                assertTrue(registry.get("obproxy.retried.statements").tag("outcome", "succeeded").functionCounter()
                        .count() >= 1);
                assertEquals(String.valueOf(leader % 3 + 1), Sql.scalar(c, "SELECT server FROM " + table
                        + " WHERE id = " + (1 + PARTITIONS)), "written on the new leader");
            }
        }
        assertTrue(registry.find("obproxy.routes").meters().isEmpty(), "meters go with the data source's clusters");
    }

    @Test
    void showProxyStatAnswersTheConnectionsClusterLive() throws Exception {
        try (ObProxyDriver driver = new ObProxyDriver(); Connection a = driver.connect(cluster.jdbcUrl(), new Properties())) {
            assertEquals(1, Sql.proxyStat(a, "obproxy_logical_connections", ""));
            long routes = Sql.proxyStat(a, "obproxy_server_routes_total", null);
            try (Connection b = driver.connect(cluster.jdbcUrl(), new Properties())) {
                assertEquals(2, Sql.proxyStat(a, "obproxy_logical_connections", ""));
            }
            assertEquals(1, Sql.proxyStat(a, "obproxy_logical_connections", ""));
            try (Statement st = a.createStatement()) {
                for (int i = 0; i < 3; i++) {
                    st.executeQuery("SELECT 1").close();
                }
            }
            assertTrue(Sql.proxyStat(a, "obproxy_server_routes_total", null) >= routes + 3, "three statements routed");
            try (Statement st = a.createStatement(); ResultSet rs = st.executeQuery("SHOW PROXYSTAT")) {
                assertEquals("name", rs.getMetaData().getColumnLabel(1));
                assertEquals("value", rs.getMetaData().getColumnLabel(5));
            }
        }
    }

    /**
     * @param labels the row's labels column, or null for the sum of every row of that name
     * @return the value(s) of SHOW PROXYSTAT's rows named {@code name}
     */
    @Test
    void theFrontEndServesMetricsAndHealthOverHttp() throws Exception {
        FrontendServer server = SandboxFrontend.start(cluster, 0, null,
                Map.of(FrontendOption.METRICS_LISTEN, "127.0.0.1:0"));
        try (FrontendEndpoint frontend = new FrontendEndpoint(cluster, server, null)) {
            HttpClient http = HttpClient.newHttpClient();
            URI metrics = URI.create("http://127.0.0.1:" + server.metricsAddress().getPort() + "/metrics");
            String idle = get(http, metrics, 200);
            assertEquals(0, value(idle, "obproxy_frontend_clients"));
            try (Connection c = frontend.connect("connectTimeout=10000"); Statement st = c.createStatement()) {
                st.executeQuery("SELECT 1").close();
                st.executeQuery("SELECT 2").close();
                String busy = get(http, metrics, 200);
                assertEquals(1, value(busy, "obproxy_frontend_clients"));
                assertTrue(value(busy, "obproxy_frontend_received_bytes_total") > value(idle,
                        "obproxy_frontend_received_bytes_total"), busy);
                assertTrue(value(busy, "obproxy_frontend_sent_bytes_total") > 0, busy);
                assertTrue(value(busy, "obproxy_server_routes_total") >= 2, busy);
                assertTrue(Sql.proxyStat(c, "obproxy_server_routes_total", null) >= 2, "SHOW PROXYSTAT through the front end");
                String health = get(http, URI.create("http://127.0.0.1:" + server.metricsAddress().getPort()
                        + "/health"), 200);
                assertTrue(health.startsWith("{\"status\":\"UP\",\"clusters\":[{\"cluster\":"), health);
                assertTrue(health.contains("\"health\":\"ACTIVE\""), health);
                assertTrue(health.contains("\"inactive\":0,\"locationCacheEntries\":"), health);
            }
            get(http, URI.create("http://127.0.0.1:" + server.metricsAddress().getPort() + "/other"), 404);
        }
    }

    private static String get(HttpClient http, URI uri, int status) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(status, response.statusCode(), response.body());
        return response.body();
    }

    /** @return the sum of every sample of {@code name} in a Prometheus text exposition */
    private static long value(String exposition, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\d+)$").matcher(exposition);
        long sum = 0;
        while (m.find()) {
            sum += Long.parseLong(m.group(2));
        }
        return sum;
    }
}

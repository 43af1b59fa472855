package io.obproxy.sandbox;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The README's first command: connects to a running sandbox through {@code jdbc:obproxy} (only the
 * URL and java.sql; the driver is found on the class path) and shows where statements land, then
 * does one insert through the front end with a plain MySQL client (Connector/J's {@code jdbc:mysql}).
 */
final class Demo {
    private final SandboxCluster cluster;
    private final InetSocketAddress frontend;
    private final PrintStream out;

    Demo(SandboxCluster cluster, InetSocketAddress frontend, PrintStream out) {
        this.cluster = cluster;
        this.frontend = frontend;
        this.out = out;
    }

    void run() throws SQLException {
        String url = cluster.jdbcUrl();
        out.println("demo: connecting with " + url.replace(cluster.password(), "***"));
        List<Integer> firsts = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            try (Connection c = DriverManager.getConnection(url)) {
                firsts.add(serverId(c));
            }
        }
        out.println("demo: 9 connections, first statement of each ran on node " + firsts
                + " (a random server of the tenant, from __all_virtual_proxy_schema's __all_dummy entry)");
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            List<Integer> steered = new ArrayList<>();
            for (SandboxNode node : cluster.nodes()) {
                st.execute("SET @obproxy_route_addr = '" + node.address() + "'");
                steered.add(serverId(c));
            }
            out.println("demo: one connection, SET @obproxy_route_addr to each node in turn -> ran on node " + steered);

            st.execute("SET @greeting = 'hello', time_zone = '+08:00'");
            List<String> state = new ArrayList<>();
            for (SandboxNode node : cluster.nodes()) {
                st.execute("SET @obproxy_route_addr = '" + node.address() + "'");
                state.add("node " + serverId(c) + ": " + text(st, "SELECT CONCAT(@greeting, ' ', @@time_zone)"));
            }
            out.println("demo: session state set once, seen everywhere: " + state);

            st.execute("CREATE TABLE IF NOT EXISTS demo_rows (id INT AUTO_INCREMENT PRIMARY KEY, node INT)");
            cluster.awaitReplication(Duration.ofSeconds(10)); // OceanBase DDL is cluster-wide at once; the sandbox's replicates
            st.execute("BEGIN");
            List<String> inTxn = new ArrayList<>();
            for (SandboxNode node : cluster.nodes()) {
                st.execute("SET @obproxy_route_addr = '" + node.address() + "'");
                st.execute("INSERT INTO demo_rows (node) VALUES (@@server_id)");
                inTxn.add("route->node " + node.id() + " ran on node " + serverId(c));
            }
            st.execute("COMMIT");
            out.println("demo: transaction pinned to the server of its first statement: " + inTxn);
            out.println("demo: after COMMIT the route is free again: ran on node " + serverId(c));
            st.execute("SET @obproxy_route_addr = ''");

            st.execute("CREATE TABLE demo_orders (id BIGINT PRIMARY KEY, node INT)");
            cluster.declare(TableLayout.partitioned(cluster.config().database(), "demo_orders",
                    Partitioning.hash("id", 6)));
            List<String> placed = new ArrayList<>();
            for (long id = 1; id <= 6; id++) {
                st.execute("INSERT INTO demo_orders (id, node) VALUES (" + id + ", @@server_id)");
                placed.add("id " + id + " -> node " + serverId(c) + " (leader of partition " + id % 6 + ": node "
                        + cluster.leaderOf(cluster.config().database(), "demo_orders", (int) (id % 6), -1) + ")");
            }
            out.println("demo: HASH(id) table of 6 partitions, each insert ran on its partition's leader: " + placed);
            try (ResultSet rs = st.executeQuery("EXPLAIN ROUTE SELECT * FROM demo_orders WHERE id = 4")) {
                rs.next();
                out.println("demo: EXPLAIN ROUTE SELECT * FROM demo_orders WHERE id = 4 -> table " + rs.getString(1)
                        + ", partition " + rs.getString(2) + ", tablet " + rs.getString(3) + ", replicas "
                        + rs.getString(4) + ", chosen " + rs.getString(5) + ", reason " + rs.getString(6));
            }
        }
        weakReads(url);
        throughTheFrontend();
    }

    /** A plain MySQL client on the front end gets the same routing: the insert runs on its leader. */
    private void throughTheFrontend() throws SQLException {
        String url = "jdbc:mysql://" + frontend.getHostString() + ":" + frontend.getPort() + "/" + cluster.config().database();
        try (Connection c = DriverManager.getConnection(url, cluster.tenantUser(), cluster.password());
             Statement st = c.createStatement()) {
            st.execute("INSERT INTO demo_orders (id, node) VALUES (7, @@server_id)");
            int leader = cluster.leaderOf(cluster.config().database(), "demo_orders", 1, -1);
            out.println("demo: through the front end (" + url + ", plain MySQL protocol) insert id 7 ran on node "
                    + text(st, "SELECT node FROM demo_orders WHERE id = 7") + " (leader of partition 1: node " + leader + ")");
        }
    }

    /** Weak reads of one row: never on its leader, spread over followers, or kept in the client's IDC. */
    private void weakReads(String url) throws SQLException {
        cluster.awaitReplication(Duration.ofSeconds(10)); // followers hold the row a moment after its leader
        String db = cluster.config().database();
        int leader = cluster.leaderOf(db, "demo_orders", 4, -1);
        String weakRead = "SELECT /*+READ_CONSISTENCY(WEAK)*/ @@server_id FROM demo_orders WHERE id = 4";
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                ran.add(Integer.parseInt(text(st, weakRead)));
            }
        }
        out.println("demo: " + weakRead + " from 6 connections ran on node " + ran + " (followers; the leader is node "
                + leader + ")");
        SandboxNode follower = cluster.node(leader % cluster.nodes().size() + 1);
        // zones and IDCs are in sys-tenant views: read as ODP reads them, with proxyro@sys
        try (Connection c = DriverManager.getConnection(url + "&proxyIdcName=" + follower.idc() + "&metadataUser="
                + cluster.metadataUser() + "&metadataPassword=" + cluster.password());
             Statement st = c.createStatement()) {
            out.println("demo: the same with proxyIdcName=" + follower.idc() + " ran on node " + text(st, weakRead)
                    + " (the follower in that IDC; zones read as " + cluster.metadataUser() + ")");
        }
    }

    private static int serverId(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            return Integer.parseInt(text(st, "SELECT @@server_id"));
        }
    }

    private static String text(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}

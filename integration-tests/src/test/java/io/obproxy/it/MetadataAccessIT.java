package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.jdbc.ObProxyDriver;
import io.obproxy.sandbox.Partitioning;
import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.TableLayout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Who reads the metadata. A tenant's own user cannot read DBA_OB_SERVERS or GV$OB_SERVERS (sys-tenant
 * views): it learns its servers from __all_dummy's entry, as ODP does. Metadata credentials (ODP's
 * proxyro@sys) read what the application's user may not; refused ones fail the first connection
 * with a message that names them and never shows the password.
 */
@ExtendWith(SandboxExtension.class)
class MetadataAccessIT {
    private final SandboxCluster cluster;

    MetadataAccessIT(SandboxCluster cluster) {
        this.cluster = cluster;
    }

    private Connection connect(ObProxyDriver driver, String seeds, String user, String... properties)
            throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", cluster.password());
        for (int i = 0; i < properties.length; i += 2) {
            p.setProperty(properties[i], properties[i + 1]);
        }
        return driver.connect("jdbc:obproxy://" + seeds + "/test", p);
    }

    private String hashTable(String prefix) throws SQLException {
        String table = Sql.createTable(cluster, prefix, "id BIGINT PRIMARY KEY, server INT");
        cluster.declare(TableLayout.partitioned("test", table, Partitioning.hash("id", 6)));
        return table;
    }

    @Test
    void aTenantUserGivenOneSeedLearnsItsServersFromAllDummy() throws Exception {
        String table = hashTable("ma_dummy");
        try (ObProxyDriver driver = new ObProxyDriver();
             Connection c = connect(driver, cluster.node(1).address(), cluster.tenantUser());
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (?, @@server_id)")) {
            for (int id = 0; id < 60; id++) {
                ps.setLong(1, id);
                ps.executeUpdate(); // a write on a non-leader is refused (4038): none may fail
            }
        }
        cluster.awaitReplication(Duration.ofSeconds(10));
        try (Connection c = cluster.connect(cluster.node(1)); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, server FROM " + table)) {
            int rows = 0;
            while (rs.next()) {
                assertEquals(cluster.leaderOf("test", table, (int) (rs.getLong(1) % 6), -1), rs.getInt(2),
                        "row " + rs.getLong(1));
                rows++;
            }
            assertEquals(60, rows);
        }
    }

    @Test
    void metadataCredentialsReadWhatTheApplicationsUserMayNot() throws Exception {
        String login = "ma_nometa@" + cluster.config().tenant();
        Sql.createUser(cluster, login, cluster.password(), List.of("SELECT, INSERT ON test.*"));
        String table = hashTable("ma_creds");
        try (ObProxyDriver driver = new ObProxyDriver();
             Connection c = connect(driver, cluster.seeds(), login, "metadataUser", cluster.metadataUser(),
                     "metadataPassword", cluster.password())) {
            for (int id = 0; id < 6; id++) {
                List<String> explain = Sql.rows(c, "EXPLAIN ROUTE SELECT * FROM " + table + " WHERE id = " + id).get(0);
                assertEquals(List.of(String.valueOf(id), cluster.node(cluster.leaderOf("test", table, id, -1)).address(),
                        "LEADER"), List.of(explain.get(1), explain.get(4), explain.get(5)));
            }
            assertEquals(login, Sql.scalar(c, "SELECT SUBSTRING_INDEX(CURRENT_USER(), '@', 2)"),
                    "statements run as the application's user");
        }
    }

    /** A user that reads no server source gets the seeds as servers and one WARN for the cluster, not one per connection. */
    @Test
    void withoutAnyServerSourceOneWarningSaysSo() throws Exception {
        String login = "ma_noservers@" + cluster.config().tenant();
        Sql.createUser(cluster, login, cluster.password(), List.of("SELECT ON test.*"));
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (ObProxyDriver driver = new ObProxyDriver()) {
            for (int i = 0; i < 2; i++) {
                try (Connection c = connect(driver, cluster.seeds(), login)) {
                    assertEquals("1", Sql.scalar(c, "SELECT 1"));
                }
            }
        } finally {
            System.setErr(stderr);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertEquals(1, log.split("servers cannot be read", -1).length - 1, log);
        assertTrue(log.contains("give metadataUser"), log);
    }

    @Test
    void refusedMetadataCredentialsFailTheFirstConnectionNamingThemNotThePassword() {
        String wrong = "Wrong-metadata-secret-42";
        try (ObProxyDriver driver = new ObProxyDriver()) {
            SQLException e = assertThrows(SQLException.class, () -> connect(driver, cluster.seeds(),
                    cluster.tenantUser(), "metadataUser", cluster.metadataUser(), "metadataPassword", wrong).close());
            assertTrue(e.getMessage().contains("metadata credentials (metadataUser) were refused"), e.getMessage());
            assertEquals(1045, e.getErrorCode(), e.getMessage());
            assertFalse(String.valueOf(e).contains(wrong));
        }
    }
}

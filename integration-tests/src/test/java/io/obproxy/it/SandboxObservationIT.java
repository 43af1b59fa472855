package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.StatementLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A test can tell where a statement ran, although the data is everywhere. */
@ExtendWith(SandboxExtension.class)
class SandboxObservationIT {
    private final SandboxCluster cluster;
    private final StatementLog log;

    SandboxObservationIT(SandboxCluster cluster) {
        this.cluster = cluster;
        this.log = cluster.statementLog();
    }

    @AfterEach
    void off() {
        log.disable();
    }

    @Test
    void statementLogShowsWhereEachStatementRanAndNotItsReplicas() throws SQLException {
        String table = Sql.uniqueName("obs_log");
        try (Connection c = cluster.connect(cluster.node(1))) {
            Sql.exec(c, "CREATE TABLE " + table + " (id INT PRIMARY KEY)");
        }
        cluster.awaitReplication(Duration.ofSeconds(5));
        log.enable();
        log.clear();
        try (Connection c = cluster.connect(cluster.node(2))) {
            Sql.exec(c, "INSERT INTO " + table + " VALUES (42)");
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + table + " WHERE id = ?")) {
                ps.setInt(1, 42);
                ps.executeQuery().close();
            }
        }
        cluster.awaitReplication(Duration.ofSeconds(5));
        String insert = "INSERT INTO " + table + " VALUES (42)";
        assertTrue(log.statements(cluster.node(2)).contains(insert), log.statements(cluster.node(2)).toString());
        assertFalse(log.statements(cluster.node(1)).contains(insert), "the replica did not run it as a statement");
        assertFalse(log.statements(cluster.node(3)).contains(insert));
        log.clear();
        assertTrue(log.statements(cluster.node(2)).isEmpty());
    }

    @Test
    void countersByKindCountOnlyTheTenantUsersStatements() throws SQLException {
        Map<String, Long> before = log.counts(cluster.node(3));
        try (Connection c = cluster.connect(cluster.node(3))) {
            for (int i = 0; i < 5; i++) {
                Sql.scalar(c, "SELECT " + i);
            }
        }
        Map<String, Long> after = log.counts(cluster.node(3));
        long selects = after.getOrDefault("select", 0L) - before.getOrDefault("select", 0L);
        assertTrue(selects >= 5 && selects <= 8, "selects counted: " + selects);
        assertEquals(before.getOrDefault("insert", 0L), after.getOrDefault("insert", 0L));
    }
}

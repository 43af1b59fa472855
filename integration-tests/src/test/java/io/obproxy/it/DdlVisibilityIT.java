package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SandboxNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * OceanBase's DDL is visible cluster-wide when it returns; the sandbox's relays hold a DDL's reply
 * until the other nodes have applied it, so a table created through the driver is writable through
 * every node at once (without that, about one INSERT in ten met "Table doesn't exist").
 */
@ExtendWith(SandboxExtension.class)
class DdlVisibilityIT {
    private final SandboxCluster cluster;

    DdlVisibilityIT(SandboxCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void aTableCreatedThroughTheDriverIsWritableAtOnceThroughEveryNode() throws SQLException {
        List<String> failures = new ArrayList<>();
        List<Connection> nodes = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        try (Connection driver = DriverManager.getConnection(cluster.jdbcUrl())) {
            for (SandboxNode node : cluster.nodes()) {
                nodes.add(cluster.connect(node));
            }
            for (int i = 0; i < 100; i++) {
                String table = Sql.uniqueName("ddl_vis");
                Sql.exec(driver, "CREATE TABLE " + table + " (id INT PRIMARY KEY)");
                for (int n = 0; n < nodes.size(); n++) {
                    try {
                        Sql.exec(nodes.get(n), "INSERT INTO " + table + " VALUES (" + n + ")");
                    } catch (SQLException e) {
                        failures.add(table + " through node " + (n + 1) + ": " + e.getMessage());
                    }
                }
                tables.add(table);
            }
            // Dropped once every node has every row: a DROP overtaking a replicated INSERT stops the
            // replication of the node that meets that INSERT (the sandbox's ring, not OceanBase)
            cluster.awaitReplication(Duration.ofSeconds(30));
            for (String table : tables) {
                Sql.exec(driver, "DROP TABLE " + table);
            }
        } finally {
            for (Connection c : nodes) {
                c.close();
            }
        }
        assertEquals(List.of(), failures, failures.size() + " of 300 INSERTs failed");
    }
}

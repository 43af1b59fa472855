package io.obproxy.it;

import static io.obproxy.it.DriverRoutingIT.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.sandbox.SandboxCluster;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A CallableStatement's executions go through the session's pipeline like any statement's: a SET
 * run through it is recorded (it reached no other server before), SHOW PROCESSLIST shows the CALL
 * while it runs, and KILL QUERY stops it (it could not before).
 */
@ExtendWith(SandboxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallableStatementIT {
    private final SandboxCluster cluster;
    private String sleeper;

    CallableStatementIT(SandboxCluster cluster) {
        this.cluster = cluster;
    }

    @BeforeAll
    void createProcedure() throws SQLException {
        sleeper = Sql.uniqueName("sleeper");
        try (Connection c = cluster.connect(cluster.node(1))) {
            Sql.exec(c, "CREATE PROCEDURE " + sleeper + "(IN s INT) SELECT SLEEP(s)");
        }
        cluster.awaitReplication(java.time.Duration.ofSeconds(10));
    }

    @Test
    void aSetRunThroughACallableIsRecordedInTheSession() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            route(c, cluster.node(1));
            try (CallableStatement cs = c.prepareCall("{call " + sleeper + "(0)}")) {
                cs.execute("SET @through_callable = 42, SESSION sql_mode = 'ANSI_QUOTES'");
            }
            route(c, cluster.node(3));
            assertEquals(List.of("3", "42", "ANSI_QUOTES"),
                    Sql.rows(c, "SELECT @@server_id, @through_callable, @@sql_mode").get(0), "replayed on node 3");
        }
    }

    @Test
    void killQueryStopsARunningCallableAndTheProcesslistShowsIt() throws Exception {
        try (Connection victim = DriverManager.getConnection(cluster.jdbcUrl());
             Connection killer = DriverManager.getConnection(cluster.jdbcUrl())) {
            long id = Long.parseLong(Sql.scalar(victim, "SELECT CONNECTION_ID()"));
            CallableStatement cs = victim.prepareCall("{call " + sleeper + "(30)}");
            CompletableFuture<SQLException> sleeping = CompletableFuture.supplyAsync(() -> {
                try {
                    cs.execute();
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            Thread.sleep(300);
            String info = Sql.rows(killer, "SHOW FULL PROCESSLIST").stream()
                    .filter(r -> r.get(0).equals(Long.toString(id))).findFirst().orElseThrow().toString();
            assertTrue(info.contains("Query") && info.contains(sleeper), info);
            Sql.exec(killer, "KILL QUERY " + id);
            SQLException interrupted = sleeping.get(5, TimeUnit.SECONDS);
            assertEquals(1317, interrupted == null ? 0 : interrupted.getErrorCode(), String.valueOf(interrupted));
            cs.close();
            assertEquals("1", Sql.scalar(victim, "SELECT 1"), "the connection stays usable");
        }
    }
}

package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.process.ConnectionIds;
import io.obproxy.sandbox.SandboxCluster;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SHOW PROCESSLIST and KILL across driver instances: a second JVM ({@link RemoteClient}) holds
 * connections to the same cluster; this JVM lists them and kills them through the servers, and the
 * other JVM's application sees its connection killed. Also measures what a cluster-wide SHOW
 * PROCESSLIST costs with 200 connections held by the other instance.
 */
@ExtendWith(SandboxExtension.class)
class CrossInstanceIT {
    private final SandboxCluster cluster;
    private Process remote;
    private PrintWriter toRemote;
    private BufferedReader fromRemote;

    CrossInstanceIT(SandboxCluster cluster) {
        this.cluster = cluster;
    }

    @BeforeEach
    void startRemote() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        remote = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), RemoteClient.class.getName(),
                cluster.jdbcUrl()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        toRemote = new PrintWriter(remote.getOutputStream(), true, StandardCharsets.UTF_8);
        fromRemote = new BufferedReader(new InputStreamReader(remote.getInputStream(), StandardCharsets.UTF_8));
    }

    @AfterEach
    void stopRemote() throws Exception {
        toRemote.println("quit");
        if (!remote.waitFor(10, TimeUnit.SECONDS)) {
            remote.destroyForcibly();
        }
    }

    private String ask(String command) throws Exception {
        toRemote.println(command);
        String answer = CompletableFuture.supplyAsync(() -> {
            try {
                return fromRemote.readLine();
            } catch (java.io.IOException e) {
                return e.toString();
            }
        }).get(60, TimeUnit.SECONDS);
        assertTrue(answer != null, "the other JVM ended");
        return answer;
    }

    private long remoteConnection() throws Exception {
        String answer = ask("connect");
        assertTrue(answer.startsWith("id "), answer);
        return Long.parseLong(answer.substring(3));
    }

    private static List<String> row(Connection c, long id) throws SQLException {
        return Sql.rows(c, "SHOW FULL PROCESSLIST").stream().filter(r -> Long.parseLong(r.get(0)) == id).findFirst()
                .orElse(null);
    }

    @Test
    void aConnectionOfAnotherInstanceIsListedAndKilledWhileItRuns() throws Exception {
        long id = remoteConnection();
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            long mine = Long.parseLong(Sql.scalar(c, "SELECT CONNECTION_ID()"));
            assertTrue(ConnectionIds.instanceOf(mine) != ConnectionIds.instanceOf(id), "instance ids differ: " + mine
                    + " and " + id);
            List<String> idle = row(c, id);
            assertTrue(idle != null, "the other instance's connection " + id + " is listed");
            assertEquals(cluster.tenantUser(), idle.get(1));
            assertTrue(idle.get(2).endsWith("/" + remote.pid()), "host names the other JVM: " + idle.get(2));
            assertEquals("Sleep", idle.get(4));
            toRemote.println("sleep");
            Thread.sleep(500);
            List<String> running = row(c, id);
            assertEquals("Query", running.get(4));
            assertEquals("SELECT SLEEP(30)", running.get(7));
            Sql.exec(c, "KILL " + id);
            String killed = fromRemote.readLine();
            assertTrue(killed.startsWith("error 70100 1927 "), "the other application sees its connection killed: " + killed);
            assertEquals("error 08003 0", ask("select").substring(0, 13), "and closed afterwards");
            assertEquals(null, row(c, id), "nothing of it is listed any more");
        }
    }

    @Test
    void anIdleConnectionKilledFromHereFailsAsKilledAtItsNextStatement() throws Exception {
        long id = remoteConnection();
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            Sql.exec(c, "KILL CONNECTION " + id);
            String next = ask("select");
            assertTrue(next.startsWith("error 70100 1927 "), next);
            assertTrue(ask("select").startsWith("error 08003 "));
        }
    }

    @Test
    void killQueryOfAnotherInstanceLeavesItsConnectionUsable() throws Exception {
        long id = remoteConnection();
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            toRemote.println("sleep");
            Thread.sleep(500);
            long start = System.nanoTime();
            Sql.exec(c, "KILL QUERY " + id);
            String interrupted = fromRemote.readLine();
            assertTrue(interrupted.startsWith("error 70100 1317 "), interrupted);
            assertTrue((System.nanoTime() - start) / 1_000_000 < 1000, "within a second");
            assertEquals("ok", ask("select"));
        }
    }

    @Test
    void clusterWideProcesslistWith200RemoteConnections() throws Exception {
        remoteConnection();
        assertEquals("opened 200", ask("open 200"));
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl())) {
            Sql.rows(c, "SHOW PROCESSLIST"); // warm up
            int runs = 10;
            long start = System.nanoTime();
            int rows = 0;
            for (int i = 0; i < runs; i++) {
                rows = Sql.rows(c, "SHOW PROCESSLIST").size();
            }
            long millis = (System.nanoTime() - start) / 1_000_000 / runs;
            System.out.println("PROCESSLIST cluster-wide, 3 nodes: " + rows + " rows in " + millis + " ms");
            assertTrue(rows >= 202, rows + " rows: the 201 remote connections and this one");
            assertTrue(millis < 2000, millis + " ms");
        }
    }
}

package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.obproxy.frontend.FrontendOption;
import io.obproxy.process.ConnectionIds;
import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.WireClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The front end as its own process ({@code java -jar ...-all.jar}): options and --help, platform
 * threads on JDK 17 and virtual threads on JDK 21+, a graceful stop on SIGTERM (the running
 * statement finishes, every server connection closes), a million-row result through a 256 MB heap,
 * and SHOW PROCESSLIST / KILL between it and a driver instance in this JVM.
 */
@ExtendWith(SandboxExtension.class)
class FrontendProcessIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final SandboxCluster cluster;

    FrontendProcessIT(SandboxCluster cluster) {
        this.cluster = cluster;
    }

    private static String java17() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** @return a java of version 21 or later: -Dobproxy.jdk21=<java.home>, or one under /usr/lib/jvm; null if none */
    private static String java21() throws IOException {
        List<Path> homes = new ArrayList<>();
        String given = System.getProperty("obproxy.jdk21");
        if (given != null) {
            homes.add(Path.of(given));
        }
        if (Files.isDirectory(Path.of("/usr/lib/jvm"))) {
            try (Stream<Path> dirs = Files.list(Path.of("/usr/lib/jvm"))) {
                dirs.sorted().forEach(homes::add);
            }
        }
        for (Path home : homes) {
            Path release = home.resolve("release");
            if (Files.isExecutable(home.resolve("bin/java")) && Files.exists(release)) {
                String version = Files.readAllLines(release).stream().filter(l -> l.startsWith("JAVA_VERSION="))
                        .findFirst().orElse("JAVA_VERSION=\"0\"").replaceAll("[^0-9.]", "");
                if (Integer.parseInt(version.split("\\.")[0]) >= 21) {
                    return home.resolve("bin/java").toString();
                }
            }
        }
        return null;
    }

    private ExternalClient.Result mariadb(int port, String sql) throws Exception {
        return ExternalClient.run(TIMEOUT, null, ExternalClient.require("mariadb", "mariadb-client"), "-h127.0.0.1",
                "-P" + port, "-u" + cluster.tenantUser(), "-p" + cluster.password(), "--skip-ssl", "-N", "test", "-e", sql);
    }

    private Process mariadbInBackground(int port, String sql) throws IOException {
        return ExternalClient.start(ExternalClient.require("mariadb", "mariadb-client"), "-h127.0.0.1", "-P" + port,
                "-u" + cluster.tenantUser(), "-p" + cluster.password(), "--skip-ssl", "-N", "test", "-e", sql);
    }

    /** @return sessions on every node that belong to the front end's instance */
    private int serverSessionsOf(int instance) throws SQLException {
        return ServerSessions.withAttribute(cluster, "obproxy_instance", Integer.toString(instance));
    }

    @Test
    void helpListsEveryOptionAndABadOneExitsWithTwo() throws Exception {
        String jar = FrontendProcess.jar().toString();
        ExternalClient.Result help = ExternalClient.run(TIMEOUT, null, java17(), "-jar", jar, "--help");
        assertEquals(0, help.exitCode(), help.toString());
        for (FrontendOption o : FrontendOption.values()) {
            assertTrue(help.out().contains("--" + o.optionName() + " "), o.optionName());
        }
        ExternalClient.Result bad = ExternalClient.run(TIMEOUT, null, java17(), "-jar", jar, "--url", "jdbc:mysql://h/db");
        assertEquals(2, bad.exitCode(), bad.toString());
        assertTrue(bad.err().contains("--url 'jdbc:mysql://h/db' is not a jdbc:obproxy:// URL"), bad.err());
    }

    /** JDK 17: platform threads; SIGTERM lets the running statement finish, then closes every server connection. */
    @Test
    void onJdk17PlatformThreadsAndAGracefulStop(@TempDir Path dir) throws Exception {
        try (FrontendProcess fe = FrontendProcess.start(java17(), List.of(), cluster, dir)) {
            assertTrue(fe.log().contains("platform threads") || waitForLog(fe, "platform threads"), fe.log());
            String id = mariadb(fe.port(), "SELECT CONNECTION_ID()").out().trim();
            int instance = ConnectionIds.instanceOf(Long.parseLong(id));

            Process running = mariadbInBackground(fe.port(), "SELECT SLEEP(2), 'finished'");
            waitUntil(() -> serverSessionsOf(instance) > 0);
            Thread.sleep(300); // the SLEEP is on its server now
            long t0 = System.nanoTime();
            int exit = fe.stop(30);
            long stopMillis = (System.nanoTime() - t0) / 1_000_000;
            ExternalClient.Result result = ExternalClient.finish(running, TIMEOUT, "the running client");
            assertEquals(0, result.exitCode(), "the running statement finished: " + result);
            assertEquals("0\tfinished\n", result.out());
            assertTrue(exit == 0 || exit == 143, "exit " + exit);
            assertTrue(stopMillis < 10_000, "stopped in " + stopMillis + " ms");
            waitUntil(() -> serverSessionsOf(instance) == 0);
        }
    }

    /**
     * JDK 21+, {@code --threads auto}: the first clients get platform threads, the rest virtual
     * threads, so 500 clients need far fewer than 500 operating-system threads.
     */
    @Test
    void onJdk21VirtualThreadsServeManyClients(@TempDir Path dir) throws Exception {
        String java = java21();
        assumeTrue(java != null, "no JDK 21 or later here (set -Dobproxy.jdk21=<java home>)");
        try (FrontendProcess fe = FrontendProcess.start(java, List.of(), cluster, dir, "--platform-threads", "100")) {
            assertTrue(waitForLog(fe, "platform threads for the first 100 clients at once, virtual threads beyond"), fe.log());
            List<WireClient> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 500; i++) {
                    idle.add(WireClient.login(new InetSocketAddress("127.0.0.1", fe.port()), cluster.tenantUser(),
                            cluster.password(), 10_000));
                }
                assertEquals("3\n", mariadb(fe.port(), Sql.TENANT_SERVER_COUNT).out(),
                        "served next to 500 idle clients");
                long threads = osThreads(fe.pid());
                assertTrue(threads >= 100 && threads < 300, "100 platform threads, virtual ones for the other 400: "
                        + threads + " threads");
            } finally {
                for (WireClient c : idle) {
                    c.close();
                }
            }
        }
    }

    /** Rows stream through the front end: a million rows of 200 bytes (200 MB) through a 256 MB heap. */
    @Test
    void aMillionRowsThroughA256MegabyteHeap(@TempDir Path dir) throws Exception {
        try (FrontendProcess fe = FrontendProcess.start(java17(), List.of("-Xmx256m"), cluster, dir)) {
            long rows = 0;
            long chars = 0;
            long t0 = System.nanoTime();
            try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + fe.port() + "/test?sslMode=DISABLED",
                    cluster.tenantUser(), cluster.password()); Statement st = c.createStatement()) {
                st.setFetchSize(Integer.MIN_VALUE);
                try (ResultSet rs = st.executeQuery("SELECT seq, REPEAT('x', 200) FROM seq_1_to_1000000")) {
                    while (rs.next()) {
                        rows++;
                        chars += rs.getString(2).length();
                    }
                }
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(1_000_000, rows);
            assertEquals(200_000_000L, chars);
            assertTrue(fe.isAlive(), fe.log());
            assertTrue(!fe.log().contains("OutOfMemoryError"), fe.log());
            System.out.println("1,000,000 rows (200 MB) through the front end at -Xmx256m in " + millis + " ms");
        }
    }

    /** Front-end clients and driver connections see and kill each other through the cluster. */
    @Test
    void processlistAndKillAcrossTheFrontEndAndADriverInstance(@TempDir Path dir) throws Exception {
        try (FrontendProcess fe = FrontendProcess.start(java17(), List.of(), cluster, dir);
             Connection driver = DriverManager.getConnection(cluster.jdbcUrl())) {
            Process sleeper = mariadbInBackground(fe.port(), "SELECT SLEEP(30)");
            try {
                String[] row = null;
                for (int i = 0; i < 100 && row == null; i++) {
                    for (List<String> r : Sql.rows(driver, "SHOW PROCESSLIST")) {
                        if ("SELECT SLEEP(30)".equals(r.get(7))) {
                            row = r.toArray(String[]::new);
                        }
                    }
                    Thread.sleep(100);
                }
                assertTrue(row != null, "the front end's client is in this JVM's SHOW PROCESSLIST");
                assertEquals(cluster.tenantUser(), row[1]);
                assertTrue(row[2].matches("127\\.0\\.0\\.1:\\d+"), "its address: " + String.join(" ", row));
                long t0 = System.nanoTime();
                Sql.exec(driver, "KILL " + row[0]);
                ExternalClient.Result killed = ExternalClient.finish(sleeper, Duration.ofSeconds(15), "the killed client");
                assertEquals(1, killed.exitCode(), killed.toString());
                assertTrue((System.nanoTime() - t0) / 1_000_000 < 10_000);
            } finally {
                sleeper.destroyForcibly();
            }

            String driverId = Sql.scalar(driver, "SELECT CONNECTION_ID()");
            ExternalClient.Result list = mariadb(fe.port(), "SHOW PROCESSLIST");
            assertTrue(list.out().contains(driverId + "\t"), "this JVM's connection in the front end's list: " + list);
            ExternalClient.Result kill = mariadb(fe.port(), "KILL " + driverId);
            assertEquals(0, kill.exitCode(), kill.toString());
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> Sql.scalar(driver, "SELECT 1"));
            assertEquals(1927, e.getErrorCode(), e.toString());
        }
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void waitUntil(Check check) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!check.ok()) {
            assertTrue(System.nanoTime() < deadline, "not within 15 s");
            Thread.sleep(50);
        }
    }

    private static boolean waitForLog(FrontendProcess fe, String text) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!fe.log().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return fe.log().contains(text);
    }

    /** @return the operating-system threads of a process, from /proc */
    private static long osThreads(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("Threads:")) {
                return Long.parseLong(line.substring(8).trim());
            }
        }
        throw new IOException("no Threads line in /proc/" + pid + "/status");
    }
}

package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mysql.cj.jdbc.JdbcStatement;
import io.obproxy.frontend.FrontendOption;
import io.obproxy.frontend.FrontendServer;
import io.obproxy.sandbox.SandboxFrontend;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * LOAD DATA LOCAL INFILE through the front end with real clients (PyMySQL, the mariadb command line,
 * Connector/J): the file comes from the client, as the client's statement names it, and loads as on a
 * node; a missing file, a client that did not enable it, and a front end with it off are answered as
 * a server answers; a client that dies mid-file loses its transaction and leaves nothing held. And
 * the safety rule: no path makes the front end (or a driver with {@code localInfileFromStreams}) read
 * a file of its own host, not even a statement the front end does not recognise as a LOAD DATA.
 */
@ExtendWith(FrontendExtension.class)
class FrontendLocalInfileIT {
    private static final String PYTHON = "/usr/bin/python3";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private final FrontendEndpoint fe;

    FrontendLocalInfileIT(FrontendEndpoint fe) {
        this.fe = fe;
    }

    private String table() throws SQLException {
        return Sql.createTable(fe.cluster(), "infile", "id INT AUTO_INCREMENT PRIMARY KEY, line VARCHAR(300)");
    }

    private int nodePort() {
        String node = fe.cluster().node(1).address();
        return Integer.parseInt(node.substring(node.indexOf(':') + 1));
    }

    private ExternalClient.Result pymysql(Path dir, int port, String table, String mode, String... files)
            throws Exception {
        ExternalClient.require("python3", "python3-pymysql");
        Path script = dir.resolve("pymysql_local_infile.py");
        if (!Files.exists(script)) {
            try (InputStream in = getClass().getResourceAsStream("/frontend/pymysql_local_infile.py")) {
                Files.copy(in, script);
            }
        }
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString(), Integer.toString(port), fe.user(),
                fe.password(), table, mode));
        command.addAll(List.of(files));
        return ExternalClient.run(TIMEOUT, null, command.toArray(String[]::new));
    }

    private long rows(String table) throws SQLException {
        fe.cluster().awaitReplication(Duration.ofSeconds(10));
        try (Connection c = fe.cluster().connect(fe.cluster().node(1))) {
            return Long.parseLong(Sql.scalar(c, "SELECT COUNT(*) FROM " + table));
        }
    }

    /**
     * @return the times a server of {@code own}'s cluster left ACTIVE, as its SHOW PROXYSTAT counts them: a
     * client's own failure must not blame a server (the next statements of every client would move)
     */
    private long failovers(FrontendServer own) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + own.address().getPort()
                + "/test?sslMode=DISABLED", fe.user(), fe.password())) {
            return Sql.proxyStat(c, "obproxy_failovers_total", null);
        }
    }

    /**
     * A file of {@code lines} lines, about 40 bytes each: more than one of PyMySQL's 16 KB packets. Its
     * name has a quote, which the client's statement escapes and the server's request has unescaped.
     */
    private static Path file(Path dir, int lines) throws Exception {
        Path f = dir.resolve("rows-" + lines + " it's.txt");
        Files.writeString(f, IntStream.rangeClosed(1, lines).mapToObj(i -> "line " + i + " of the client's own file")
                .collect(Collectors.joining("\n", "", "\n")));
        return f;
    }

    /**
     * The client is asked for the file its statement names, /etc/passwd, and the rows are what the
     * client sent (its own /etc/passwd), not the front end host's.
     */
    @Test
    void theFileIsTheClientsOwnForTheNameItWrote(@TempDir Path dir) throws Exception {
        ExternalClient.Result r = pymysql(dir, fe.port(), table(), "own");
        assertEquals("loaded 2 asked ['/etc/passwd']\nlines ['client-own-line-1', 'client-own-line-2']\n", r.out(),
                r.toString());
    }

    /**
     * A file of many packets loads whole; a file missing on the client's side (it sends the empty
     * packet at once) is an empty file, and PyMySQL's own error, with the connection usable; a LOAD
     * DATA in a transaction is rolled back with it and committed with it: all as on a node.
     */
    @Test
    void filesLoadAsOnANode(@TempDir Path dir) throws Exception {
        Path file = file(dir, 3000);
        String missing = dir.resolve("missing.txt").toString();
        ExternalClient.Result direct = pymysql(dir, nodePort(), table(), "files", file.toString(), missing);
        String table = table();
        ExternalClient.Result r = pymysql(dir, fe.port(), table, "files", file.toString(), missing);
        assertEquals(direct.out(), r.out(), r.toString());
        assertEquals(List.of("loaded 3000", "error 1017", "rows 3000", "loaded 3000", "rows 3000", "loaded 3000",
                "rows 6001"), Arrays.stream(r.out().split("\n")).map(l -> l.split(" asked ")[0]).toList(), r.out());
        assertTrue(r.out().contains("asked [\"" + file + "\"]"), "the name as the server read the literal: " + r);
        try (Connection c = fe.cluster().connect(fe.cluster().node(1))) {
            fe.cluster().awaitReplication(Duration.ofSeconds(10));
            assertEquals("2", Sql.scalar(c, "SELECT COUNT(*) FROM " + table + " WHERE line = 'line 3000 of the client''s"
                    + " own file'"), "each line, the last one too, as the client sent it");
        }
    }

    /**
     * A LOAD DATA goes to its table's leader, as an INSERT does, not where the session's last statement
     * ran: a read of the table right after it (which goes to the leader) sees its rows. The statement
     * before it runs on another table's leader, elsewhere; replication is not waited for.
     */
    @Test
    void aLoadGoesToItsTablesLeader() throws Exception {
        String table = table();
        String other = table();
        String database = fe.cluster().config().database();
        int leader = fe.cluster().leaderOf(database, table, 0, -1);
        int elsewhere = leader % fe.cluster().nodes().size() + 1;
        fe.cluster().moveLeader(database, other, elsewhere);
        try (Connection c = fe.connect("allowLoadLocalInfile=true"); Statement st = c.createStatement()) {
            assertEquals(String.valueOf(elsewhere),
                    Sql.rows(c, "SELECT COUNT(*), @@server_id FROM " + other).get(0).get(1), "the statement before runs elsewhere");
            st.unwrap(JdbcStatement.class).setLocalInfileInputStream(
                    new ByteArrayInputStream("one\ntwo\n".getBytes(StandardCharsets.UTF_8)));
            assertEquals(2, st.executeUpdate("LOAD DATA LOCAL INFILE 'f' INTO TABLE " + table + " (line)"));
            assertEquals(String.valueOf(leader), Sql.scalar(c, "SELECT @@server_id"), "the LOAD ran on the leader");
            assertEquals("2", Sql.scalar(c, "SELECT COUNT(*) FROM " + table));
        }
    }

    /**
     * MariaDB Connector/J: a LOAD DATA LOCAL among other statements of a text asks for its file while
     * the text's results are read; one prepared on the server ({@code useServerPrepStmts}: MariaDB
     * prepares LOAD DATA) with the file name a parameter is asked for the parameter's value. Both load
     * the file (the driver checks that the name asked for is the one it sent).
     */
    @Test
    void mariadbConnectorJLoadsInMultiStatementsAndPreparedStatements(@TempDir Path dir) throws Exception {
        // no quote in the name: the driver's check of the name asked for does not read '' in the query
        Path file = Files.move(file(dir, 50), dir.resolve("rows-50.txt"));
        String table = table();
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + fe.port() + "/test?sslMode=disable"
                + "&allowLocalInfile&allowMultiQueries&useServerPrepStmts", fe.user(), fe.password());
             Statement st = c.createStatement()) {
            st.execute("SELECT 1; LOAD DATA LOCAL INFILE '" + file + "' INTO TABLE "
                    + table + " (line); SELECT 2");
            assertTrue(st.getMoreResults() || st.getUpdateCount() != -1);
            while (st.getMoreResults() || st.getUpdateCount() != -1) {
                // the rest of the text's results
            }
            assertEquals("50", Sql.scalar(c, "SELECT COUNT(*) FROM " + table));
            try (PreparedStatement ps = c.prepareStatement("LOAD DATA LOCAL INFILE ? INTO TABLE " + table + " (line)")) {
                ps.setString(1, file.toString());
                assertEquals(50, ps.executeUpdate());
            }
            assertEquals("100", Sql.scalar(c, "SELECT COUNT(*) FROM " + table));
        }
    }

    /**
     * A client that dies after one packet of its file, inside a transaction: the server connection
     * that waited for the rest is closed, so the transaction (an INSERT before the LOAD DATA and the
     * half file) is rolled back, nothing of it committed, and the front end holds nothing more than
     * before: no client, processlist entry or server session left. The server is not blamed for the
     * client's failure: it stays ACTIVE, so other clients' statements stay where they were.
     */
    @Test
    void aClientGoneMidFileLosesItsTransactionAndLeavesNothingHeld(@TempDir Path dir) throws Exception {
        FrontendServer own = SandboxFrontend.start(fe.cluster(), 0, null,
                Map.of(FrontendOption.URL, FrontendCensus.adminUrl(fe)));
        try {
            FrontendCensus before = FrontendCensus.take(fe, own);
            String table = table();
            ExternalClient.Result r = pymysql(dir, own.address().getPort(), table, "half");
            assertEquals(3, r.exitCode(), r.toString());
            FrontendCensus.awaitBack(before, fe, own);
            assertEquals(0, rows(table), "neither the INSERT before it nor the half file committed");
            assertEquals(0, failovers(own), "the client's failure, not the server's");
            ExternalClient.Result after = pymysql(dir, own.address().getPort(), table, "own");
            assertTrue(after.out().startsWith("loaded 2 asked ['/etc/passwd']"), "the front end goes on: " + after);
        } finally {
            own.close();
        }
    }

    /**
     * A client that stops sending its file mid-way is closed after the net read timeout (1 s here), as
     * a client that stops mid-command: its slot, processlist entry and server sessions are released
     * while it still sleeps (8 s), and nothing of its transaction is committed. No server is blamed.
     */
    @Test
    void aClientThatStallsMidFileIsClosedAfterTheNetReadTimeout(@TempDir Path dir) throws Exception {
        FrontendServer own = SandboxFrontend.start(fe.cluster(), 0, null,
                Map.of(FrontendOption.URL, FrontendCensus.adminUrl(fe), FrontendOption.NET_READ_TIMEOUT, "1000"));
        try {
            FrontendCensus before = FrontendCensus.take(fe, own);
            String table = table();
            pymysql(dir, own.address().getPort(), table, "own"); // copies the script
            Process p = ExternalClient.start(PYTHON, dir.resolve("pymysql_local_infile.py").toString(),
                    Integer.toString(own.address().getPort()), fe.user(), fe.password(), table, "stall");
            long deadline = System.nanoTime() + 6_000_000_000L;
            FrontendCensus now = FrontendCensus.take(fe, own);
            while (!now.holdsNoMoreThan(before) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                now = FrontendCensus.take(fe, own);
            }
            assertTrue(now.holdsNoMoreThan(before), "before: " + before + ", now: " + now);
            assertTrue(p.isAlive(), "released while the client still sleeps");
            ExternalClient.finish(p, TIMEOUT, "the stalled client");
            assertEquals(2, rows(table), "the client's own two lines from before, nothing of the stalled file");
            assertEquals(0, failovers(own), "the client's failure, not the server's");
        } finally {
            own.close();
        }
    }

    /**
     * A LOAD DATA LOCAL the front end does not recognise (in a MariaDB executable comment) runs as any
     * statement: the server's request for the file gets an empty file, never the front end host's
     * /etc/passwd (its Connector/J would read it were no stream set), and the client is not asked.
     */
    @Test
    void aRequestOutsideARecognisedLoadGetsAnEmptyFileNeverOneOfTheHost(@TempDir Path dir) throws Exception {
        String table = table();
        ExternalClient.Result r = pymysql(dir, fe.port(), table, "bypass");
        assertEquals("loaded 0 asked []\nrows 0\n", r.out(), r.toString());
        assertEquals(0, rows(table));
    }

    /**
     * The driver's own path with {@code localInfileFromStreams}: a LOAD DATA LOCAL run as a plain
     * statement loads an empty file. The same statement through Connector/J with
     * {@code allowLoadLocalInfile} (what the property turns on underneath) reads this host's file.
     */
    @Test
    void aDriverWithLocalInfileFromStreamsNeverReadsAFileOfItsHost() throws Exception {
        long hostLines = Files.readAllLines(Path.of("/etc/passwd")).stream().filter(l -> !l.isEmpty()).count();
        String plain = table();
        try (Connection c = DriverManager.getConnection("jdbc:mysql://" + fe.cluster().node(1).address()
                + "/test?sslMode=DISABLED&allowLoadLocalInfile=true", fe.user(), fe.password());
             Statement st = c.createStatement()) {
            assertEquals(hostLines, st.executeUpdate("LOAD DATA LOCAL INFILE '/etc/passwd' INTO TABLE " + plain
                    + " (line)"), "Connector/J alone reads the host's file");
        }
        String guarded = table();
        try (Connection c = DriverManager.getConnection("jdbc:obproxy://" + fe.cluster().seeds() + "/"
                + fe.cluster().config().database() + "?localInfileFromStreams=true", fe.user(), fe.password());
             Statement st = c.createStatement()) {
            assertEquals(0, st.executeUpdate("LOAD DATA LOCAL INFILE '/etc/passwd' INTO TABLE " + guarded + " (line)"));
            assertEquals("1", Sql.scalar(c, "SELECT 1"), "the connection goes on");
        }
        assertEquals(0, rows(guarded));
    }

    /**
     * Connector/J as the client: with {@code allowLoadLocalInfile} its stream loads; without it (no
     * CLIENT_LOCAL_FILES) the statement is refused as a node refuses it (MariaDB's 4166 HY000; 1148
     * 42000 of MySQL 5.7 and OceanBase), and the connection goes on.
     */
    @Test
    void connectorJLoadsItsStreamAndIsRefusedWithoutLocalFiles() throws Exception {
        String table = table();
        try (Connection c = fe.connect("allowLoadLocalInfile=true"); Statement st = c.createStatement()) {
            st.unwrap(JdbcStatement.class).setLocalInfileInputStream(
                    new ByteArrayInputStream("from\nthe\nstream\n".getBytes(StandardCharsets.UTF_8)));
            assertEquals(3, st.executeUpdate("LOAD DATA LOCAL INFILE 'not-a-file' INTO TABLE " + table + " (line)"));
            assertEquals("from,stream,the", Sql.scalar(c, "SELECT GROUP_CONCAT(line ORDER BY line) FROM " + table));
        }
        String sql = "LOAD DATA LOCAL INFILE '/etc/passwd' INTO TABLE " + table + " (line)";
        SQLException direct;
        try (Connection c = DriverManager.getConnection("jdbc:mysql://" + fe.cluster().node(1).address()
                + "/test?sslMode=DISABLED", fe.user(), fe.password()); Statement st = c.createStatement()) {
            direct = assertThrows(SQLException.class, () -> st.executeUpdate(sql));
        }
        try (Connection c = fe.connect(""); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.executeUpdate(sql));
            assertEquals(direct.getErrorCode() + " " + direct.getSQLState(), e.getErrorCode() + " " + e.getSQLState());
            assertEquals(4166, e.getErrorCode(), "MariaDB's code: the front end announces the nodes' version");
            assertEquals("3", Sql.scalar(c, "SELECT COUNT(*) FROM " + table), "the connection goes on");
        }
    }

    /**
     * The mariadb command line: {@code --local-infile=1} loads a file; {@code --local-infile=0} is
     * refused as by a node (4166); a front end started with {@code --local-infile off} does not offer
     * it, so even {@code --local-infile=1} is refused.
     */
    @Test
    void theMariadbCommandLineLoadsAndIsRefusedAsByANode(@TempDir Path dir) throws Exception {
        String table = table();
        Path file = file(dir, 500);
        String load = "LOAD DATA LOCAL INFILE '" + file.toString().replace("'", "''") + "' INTO TABLE " + table
                + " (line); SELECT COUNT(*) FROM " + table;
        ExternalClient.Result r = cli(fe.port(), load, "--local-infile=1");
        assertEquals("500\n", r.out(), r.toString());
        ExternalClient.Result direct = cli(nodePort(), load, "--local-infile=0");
        assertTrue(direct.err().contains("ERROR 4166 (HY000)"), "on a node: " + direct);
        ExternalClient.Result refused = cli(fe.port(), load, "--local-infile=0");
        assertTrue(refused.err().contains("ERROR 4166 (HY000)"), refused.toString());
        FrontendServer off = SandboxFrontend.start(fe.cluster(), 0, null, Map.of(FrontendOption.LOCAL_INFILE, "off"));
        try {
            ExternalClient.Result notOffered = cli(off.address().getPort(), load, "--local-infile=1");
            assertTrue(notOffered.err().contains("ERROR 4166 (HY000)"), notOffered.toString());
        } finally {
            off.close();
        }
        assertEquals(500, rows(table));
    }

    private ExternalClient.Result cli(int port, String sql, String option) throws Exception {
        return ExternalClient.run(TIMEOUT, null, ExternalClient.require("mariadb", "mariadb-client"), "-h127.0.0.1",
                "-P" + port, "-u" + fe.user(), "-p" + fe.password(), "--batch", "--skip-ssl", "-N", option, "test",
                "-e", sql);
    }
}

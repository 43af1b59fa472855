package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SandboxNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mariadb command-line client and mariadb-dump (Debian's mariadb-client) against the front end:
 * login with mysql_native_password (the users file), TLS, {@code use}, multi-statements, errors
 * with the server's code and SQLSTATE, {@code \s}, the processlist, KILL QUERY from a second
 * client, and a dump restored through the front end that matches its source.
 */
@ExtendWith(FrontendExtension.class)
class FrontendMariadbCliIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final FrontendEndpoint fe;

    FrontendMariadbCliIT(FrontendEndpoint fe) {
        this.fe = fe;
    }

    private String[] command(String binary, List<String> options) {
        List<String> c = new ArrayList<>(List.of(ExternalClient.require(binary, "mariadb-client"), "-h127.0.0.1",
                "-P" + fe.port(), "-u" + fe.user(), "-p" + fe.password()));
        c.addAll(options);
        return c.toArray(String[]::new);
    }

    private ExternalClient.Result mariadb(String sql, String... options) throws Exception {
        List<String> o = new ArrayList<>(List.of("--batch", "--skip-ssl"));
        o.addAll(List.of(options));
        o.addAll(List.of("test", "-e", sql));
        return ExternalClient.run(TIMEOUT, null, command("mariadb", o));
    }

    private String ok(String sql, String... options) throws Exception {
        ExternalClient.Result r = mariadb(sql, options);
        assertEquals(0, r.exitCode(), r.toString());
        return r.out();
    }

    @Test
    void answersWhatTheClusterAnswers() throws Exception {
        String direct;
        try (Connection c = fe.cluster().connect(fe.cluster().node(1))) {
            direct = Sql.scalar(c, "SELECT @@version_comment");
        }
        assertEquals(direct + "\n", ok("select @@version_comment", "-N"));
        assertEquals("2\tü€\n", ok("select 1 + 1, 'ü€'", "-N"), "arithmetic and UTF-8 text");
    }

    /**
     * Every column definition field (type, length, flags, decimals, collation, names) of table
     * columns as the node sends it, MariaDB's extended type information included (a JSON column's
     * "format=json", which the CLI asks for: it was missing before the front end offered it).
     */
    @Test
    void columnDefinitionsAreTheNodesOwn() throws Exception {
        String table = Sql.createTable(fe.cluster(), "clitypes", FrontendConnectorJIT.TYPES);
        FrontendConnectorJIT.insertTypeRows(fe, table);
        String sql = "SELECT *, NULL AS nothing, 1.5 AS lit, 'text' AS word FROM " + table + " ORDER BY id";
        String viaFrontend = ok(sql, "-t", "--column-type-info");
        assertTrue(viaFrontend.contains("Decimals:"), viaFrontend);
        String direct = direct(sql, "-t", "--column-type-info");
        assertTrue(direct.contains("(format=json)"), direct);
        assertEquals(direct, viaFrontend);
    }

    /** @return what the CLI prints for {@code sql} run directly on a node */
    private String direct(String sql, String... options) throws Exception {
        String node = fe.cluster().node(2).address();
        List<String> c = new ArrayList<>(List.of(ExternalClient.require("mariadb", "mariadb-client"), "-h127.0.0.1",
                "-P" + node.substring(node.indexOf(':') + 1), "-u" + fe.user(), "-p" + fe.password(), "--batch",
                "--skip-ssl"));
        c.addAll(List.of(options));
        c.addAll(List.of("test", "-e", sql));
        ExternalClient.Result direct = ExternalClient.run(TIMEOUT, null, c.toArray(String[]::new));
        assertEquals(0, direct.exitCode(), direct.toString());
        return direct.out();
    }

    /**
     * A client's text reaches the server as it was sent: ODBC/JDBC escapes ({fn ...}, {d '...'}) are
     * the server's to read, not rewritten by the front end's Connector/J (which named the first
     * column length('hello') and turned the date into a plain literal).
     */
    @Test
    void escapeSyntaxReachesTheServerAsSent() throws Exception {
        String sql = "SELECT {fn length('hello')}, {d '2020-01-01'}, '{fn x}' AS quoted";
        String viaFrontend = ok(sql);
        assertTrue(viaFrontend.startsWith("{fn length('hello')}\t{d '2020-01-01'}\tquoted\n"), viaFrontend);
        assertEquals(direct(sql), viaFrontend);
    }

    /**
     * A statement's warning count reaches the client in its OK or EOF packet, so the client shows
     * its warnings as from a node (the CLI's --show-warnings, mysqltest's "Warnings:" blocks); they
     * were counted 0 and never shown.
     */
    @Test
    void warningsReachTheClientAsFromANode() throws Exception {
        String script = "SELECT CAST('12abc' AS SIGNED); INSERT IGNORE INTO %s VALUES (1, 'abc'), (2, 'de');"
                + " UPDATE IGNORE %1$s SET c = 'wxyz' WHERE id = 2; SELECT 1 / 0; SELECT @@warning_count";
        String direct = Sql.createTable(fe.cluster(), "warnd", "id INT PRIMARY KEY, c CHAR(2)");
        String viaFrontend = Sql.createTable(fe.cluster(), "warnf", "id INT PRIMARY KEY, c CHAR(2)");
        String expected = direct(String.format(script, direct), "--show-warnings").replace(direct, "t");
        assertTrue(expected.contains("Warning (Code 1265)"), expected);
        assertEquals(expected, ok(String.format(script, viaFrontend), "--show-warnings").replace(viaFrontend, "t"));
    }

    /**
     * The front end sends CONNECTION_ID() as the logical connection's id, and the column keeps the
     * name a node gives it (it was named "360972289 > 0").
     */
    @Test
    void aRewrittenSelectItemKeepsTheNameANodeGivesIt() throws Exception {
        String sql = "SELECT CONNECTION_ID() > 0, CONNECTION_ID() = CONNECTION_ID() AS same";
        assertEquals(direct(sql), ok(sql));
    }

    /** A table named connection_id is a table (the front end recursed until its client thread died: 2013). */
    @Test
    void aTableNamedConnectionIdIsATable() throws Exception {
        String sql = "CREATE TEMPORARY TABLE connection_id(id INT); INSERT INTO connection_id VALUES (7);"
                + " SELECT * FROM connection_id";
        assertEquals(direct(sql), ok(sql));
    }

    /**
     * A new session's sql_mode is the server's global one, as on a node: the front end's own
     * Connector/J added STRICT_TRANS_TABLES (jdbcCompliantTruncation), so a too long value failed with
     * 1406 where a server warns.
     */
    @Test
    void aNewSessionsSqlModeIsTheServersGlobalOne() throws Exception {
        String sql = "SELECT @@session.sql_mode = @@global.sql_mode, LOCATE('STRICT_TRANS_TABLES', @@session.sql_mode) > 0"
                + " OR LOCATE('STRICT_TRANS_TABLES', @@global.sql_mode) = 0";
        String global;
        try (Connection admin = fe.cluster().connect(fe.cluster().node(1))) {
            global = Sql.scalar(admin, "SELECT @@global.sql_mode");
        }
        setGlobalSqlMode("NO_ENGINE_SUBSTITUTION");
        try {
            assertEquals("1\t1\n", ok(sql, "-N"));
        } finally {
            setGlobalSqlMode(global);
        }
    }

    private void setGlobalSqlMode(String mode) throws SQLException {
        for (SandboxNode node : fe.cluster().nodes()) {
            try (Connection admin = fe.cluster().connect(node)) {
                Sql.exec(admin, "SET GLOBAL sql_mode = '" + mode + "'");
            }
        }
    }

    @Test
    void statusShowsTheFrontEndAndItsStatistics() throws Exception {
        String status = ok("\\s");
        String nodeVersion = direct("SELECT VERSION()", "-N").trim();
        assertTrue(status.contains("Server version:\t\t" + nodeVersion), "the cluster's version: " + status);
        assertTrue(status.contains("SSL:\t\t\tNot in use"), status);
        assertTrue(status.matches("(?s).*Threads: \\d+  Questions: \\d+  Slow queries: 0.*"), status);
        assertTrue(status.contains("Current user:\t\t" + fe.user() + "@127.0.0.1"), status);
    }

    @Test
    void tlsWithTheSandboxCertificateVerified() throws Exception {
        ExternalClient.Result r = ExternalClient.run(TIMEOUT, null, command("mariadb", List.of("--batch", "--ssl",
                "--ssl-ca=" + fe.tls().certificatePem(), "--ssl-verify-server-cert", "test", "-e", "\\s")));
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().matches("(?s).*SSL:\t\t\tCipher in use is TLS_.*"), r.out());
    }

    @Test
    void useMultiStatementsAndErrors() throws Exception {
        String db = Sql.uniqueName("clidb");
        ok("CREATE DATABASE " + db);
        fe.cluster().awaitReplication(Duration.ofSeconds(10));
        // the client sends text up to a delimiter as one query: two statements, two results
        String out = ok("use " + db + "; CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10));\n"
                + "delimiter //\nINSERT INTO t VALUES (1, 'a'), (2, 'b'); SELECT COUNT(*) AS n FROM t; SELECT DATABASE() AS d //\n"
                + "delimiter ;\nSELECT v FROM t ORDER BY id");
        assertEquals("n\n2\nd\n" + db + "\nv\na\nb\n", out);

        ExternalClient.Result missing = mariadb("SELECT * FROM no_such_table");
        assertEquals(1, missing.exitCode(), missing.toString());
        assertTrue(missing.err().endsWith("ERROR 1146 (42S02) at line 1: Table 'test.no_such_table' doesn't exist\n"),
                missing.err());
        ExternalClient.Result syntax = mariadb("SELEKT 1");
        assertTrue(syntax.err().contains("ERROR 1064 (42000) at line 1: You have an error in your SQL syntax"), syntax.err());
        ExternalClient.Result unknownDb = mariadb("use no_such_db");
        assertTrue(unknownDb.err().contains("ERROR 1049 (42000)"), unknownDb.err());
        ok("DROP DATABASE " + db);
    }

    @Test
    void processlistShowsFrontEndClientsAndKillQueryStopsOne() throws Exception {
        Process sleeper = ExternalClient.start(command("mariadb", List.of("--batch", "--skip-ssl", "test", "-e",
                "SELECT SLEEP(30)")));
        try {
            List<String> row = null;
            for (int i = 0; i < 100 && row == null; i++) {
                for (String line : ok("SHOW PROCESSLIST", "-N").split("\n")) {
                    String[] f = line.split("\t", -1);
                    if (f.length == 8 && f[7].equals("SELECT SLEEP(30)")) {
                        row = List.of(f);
                    }
                }
                Thread.sleep(100);
            }
            assertTrue(row != null, "the sleeping client is not in SHOW PROCESSLIST");
            assertEquals(fe.user(), row.get(1));
            assertTrue(row.get(2).matches("127\\.0\\.0\\.1:\\d+"), "Host is the client's address: " + row);
            assertEquals("test", row.get(3));
            assertEquals("Query", row.get(4));
            assertEquals("executing", row.get(6));

            long t0 = System.nanoTime();
            ok("KILL QUERY " + row.get(0));
            ExternalClient.Result killed = ExternalClient.finish(sleeper, Duration.ofSeconds(10), "the sleeping client");
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(1, killed.exitCode(), killed.toString());
            assertEquals("ERROR 1317 (70100) at line 1: Query execution was interrupted\n", killed.err());
            assertTrue(millis < 5_000, "stopped after " + millis + " ms");
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void aDumpRestoredThroughTheFrontEndMatchesItsSource(@TempDir Path dir) throws Exception {
        SandboxCluster cluster = fe.cluster();
        String source = Sql.uniqueName("dumpsrc");
        String copy = Sql.uniqueName("dumpcopy");
        try (Connection c = cluster.connect(cluster.node(1))) {
            Sql.exec(c, "CREATE DATABASE " + source);
            Sql.exec(c, "CREATE DATABASE " + copy);
            Sql.exec(c, "CREATE TABLE " + source + ".items (id INT PRIMARY KEY, name VARCHAR(20) CHARACTER SET utf8mb4,"
                    + " price DECIMAL(10,2), at DATETIME(3), data BLOB, KEY (name))");
            Sql.exec(c, "INSERT INTO " + source + ".items SELECT seq, CONCAT('ünï-', seq), seq / 4,"
                    + " '2025-01-02 03:04:05.678' + INTERVAL seq MINUTE, UNHEX(REPEAT('00FF', seq % 5)) FROM seq_1_to_500");
            Sql.exec(c, "INSERT INTO " + source + ".items VALUES (0, NULL, NULL, NULL, NULL)");
            Sql.exec(c, "CREATE TABLE " + source + ".empty_one (k VARCHAR(10) PRIMARY KEY)");
        }
        cluster.awaitReplication(Duration.ofSeconds(10));

        // files, not Java strings: the dump holds raw bytes that are not UTF-8
        Path file = dir.resolve("dump.sql");
        ExternalClient.Result dump = ExternalClient.run(TIMEOUT, null, command("mariadb-dump", List.of("--skip-ssl",
                "--result-file=" + file, source)));
        assertEquals(0, dump.exitCode(), dump.toString());
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("CREATE TABLE `items`") && text.contains("CREATE TABLE `empty_one`"), text);
        ExternalClient.Result restore = ExternalClient.run(TIMEOUT, null, command("mariadb", List.of("--skip-ssl", copy,
                "-e", "source " + file)));
        assertEquals(0, restore.exitCode(), restore.toString());
        cluster.awaitReplication(Duration.ofSeconds(10));

        try (Connection c = cluster.connect(cluster.node(2))) {
            String columns = "id, name, price, at, HEX(data)";
            assertEquals(Sql.rows(c, "SELECT " + columns + " FROM " + source + ".items ORDER BY id"),
                    Sql.rows(c, "SELECT " + columns + " FROM " + copy + ".items ORDER BY id"));
            assertEquals(Sql.rows(c, "CHECKSUM TABLE " + source + ".items").get(0).get(1),
                    Sql.rows(c, "CHECKSUM TABLE " + copy + ".items").get(0).get(1));
            assertEquals("0", Sql.scalar(c, "SELECT COUNT(*) FROM " + copy + ".empty_one"));
            Sql.exec(c, "DROP DATABASE " + source);
            Sql.exec(c, "DROP DATABASE " + copy);
        }
    }
}

package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.TableLayout;
import io.obproxy.sandbox.WireClient;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client of the front end gets what the server said, not what Connector/J made of it (issue 17):
 * the server's SQLSTATE (the mariadb client prints it), the info string of OK packets (PyMySQL
 * reads it), no Connector/J text for statements the driver has to look at twice (variables
 * assigned in a SELECT), and a procedure's result sets before its error (PyMySQL in the text
 * protocol, raw packets in the binary one). Each is compared with what the same client gets
 * from node 1 directly.
 */
@ExtendWith(FrontendExtension.class)
class FrontendServerAnswersIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String PYTHON = "/usr/bin/python3";
    private final SandboxCluster cluster;
    private final FrontendEndpoint fe;

    FrontendServerAnswersIT(SandboxCluster cluster, FrontendEndpoint fe) {
        this.cluster = cluster;
        this.fe = fe;
    }

    private int nodePort() {
        String node = cluster.node(1).address();
        return Integer.parseInt(node.substring(node.indexOf(':') + 1));
    }

    /** @return what the mariadb client says for {@code sql} (statements split by the client) on {@code port} */
    private ExternalClient.Result cli(int port, String sql) throws Exception {
        return ExternalClient.run(TIMEOUT, null, ExternalClient.require("mariadb", "mariadb-client"), "-h127.0.0.1",
                "-P" + port, "-u" + fe.user(), "-p" + fe.password(), "--batch", "--skip-ssl", "test", "-e", sql);
    }

    /** @return the client's output and errors through the front end, after checking they are the node's */
    private String sameAsNode(String sql) throws Exception {
        ExternalClient.Result direct = cli(nodePort(), sql);
        ExternalClient.Result viaFrontend = cli(fe.port(), sql);
        assertEquals(direct.out() + direct.err(), viaFrontend.out() + viaFrontend.err(), "node:\n" + direct
                + "\nfront end:\n" + viaFrontend);
        assertFalse(viaFrontend.err().contains("com.mysql"), viaFrontend.err());
        return viaFrontend.out() + viaFrontend.err();
    }

    /** @return a new table with {@code rows}, on every node */
    private String table(String prefix, String columns, String rows) throws SQLException {
        String table = Sql.createTable(cluster, prefix, columns);
        try (Connection c = cluster.connect(cluster.node(1))) {
            Sql.exec(c, "INSERT INTO " + table + " VALUES " + rows);
        }
        cluster.awaitReplication(Duration.ofSeconds(10));
        return table;
    }

    /** @return what PyMySQL's {@code script} prints on node 1, after checking it prints the same through the front end */
    private String pythonSameAsNode(String script, String... args) throws Exception {
        ExternalClient.require("python3", "python3-pymysql");
        ExternalClient.Result direct = python(script, nodePort(), args);
        ExternalClient.Result viaFrontend = python(script, fe.port(), args);
        assertEquals(0, direct.exitCode(), direct.toString());
        assertEquals(direct.out(), viaFrontend.out(), "node:\n" + direct + "\nfront end:\n" + viaFrontend);
        return direct.out();
    }

    private ExternalClient.Result python(String script, int port, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PYTHON, "-c", script, Integer.toString(port), fe.user(),
                fe.password()));
        command.addAll(List.of(args));
        return ExternalClient.run(TIMEOUT, null, command.toArray(String[]::new));
    }

    private static final String TEMP = "CREATE TEMPORARY TABLE tt (d DATE, ti TINYINT, i INT);";

    /** Was: 22001 for each of them (Connector/J reports every 22xxx as a data truncation). */
    @Test
    void errorsCarryTheServersSqlstate() throws Exception {
        assertStarts("ERROR 1292 (22007) at line 1: Incorrect date value: '2020-13-45'",
                sameAsNode(TEMP + "INSERT INTO tt (d) VALUES ('2020-13-45')"));
        assertStarts("ERROR 1264 (22003) at line 1: Out of range value for column 'ti'",
                sameAsNode(TEMP + "INSERT INTO tt (ti) VALUES (1000)"));
        assertStarts("ERROR 1365 (22012) at line 1: Division by 0", sameAsNode(TEMP + "INSERT INTO tt (i) VALUES (1/0)"));
    }

    /** The client prints the failed statement, then the error. */
    private static void assertStarts(String error, String actual) {
        assertTrue(actual.contains("\n" + error), actual);
    }

    /** Was: 40001 (Connector/J's mapping of 1205 in place of the server's HY000). */
    @Test
    void aLockWaitTimeoutIsHy000AsTheServerSaysIt() throws Exception {
        String table = table("lockwait", "id INT PRIMARY KEY, v INT", "(1, 0)");
        cluster.declare(TableLayout.nonPartitioned("test", table).leaders(1));
        String update = "SET SESSION innodb_lock_wait_timeout = 1; UPDATE " + table + " SET v = v + 1 WHERE id = 1";
        String expected = "ERROR 1205 (HY000) at line 1: Lock wait timeout exceeded; try restarting transaction\n";
        try (Connection holder = fe.connect("")) {
            holder.setAutoCommit(false);
            Sql.rows(holder, "SELECT * FROM " + table + " WHERE id = 1 FOR UPDATE");
            ExternalClient.Result viaFrontend = cli(fe.port(), update);
            assertTrue(viaFrontend.err().endsWith(expected), viaFrontend.toString());
            holder.rollback();
        }
        try (Connection holder = cluster.connect(cluster.node(1))) {
            holder.setAutoCommit(false);
            Sql.rows(holder, "SELECT * FROM " + table + " WHERE id = 1 FOR UPDATE");
            ExternalClient.Result direct = cli(nodePort(), update);
            assertTrue(direct.err().endsWith(expected), "the node's own answer: " + direct);
            holder.rollback();
        }
    }

    private static final String INFO = String.join("\n",
            "import sys, pymysql",
            "c = pymysql.connect(host='127.0.0.1', port=int(sys.argv[1]), user=sys.argv[2], password=sys.argv[3],",
            "                    database='test')",
            "cur = c.cursor()",
            "for sql in ['CREATE TEMPORARY TABLE ti (id INT PRIMARY KEY, v INT)',",
            "            'INSERT INTO ti VALUES (1, 1), (2, 2), (3, 3)',",
            "            'INSERT INTO ti VALUES (1, 9), (4, 4) ON DUPLICATE KEY UPDATE v = VALUES(v)',",
            "            'UPDATE ti SET v = v + 1 WHERE id < 3',",
            "            'UPDATE ti SET v = v WHERE id = 1',",
            "            'ALTER TABLE ti ADD COLUMN w INT',",
            "            'DELETE FROM ti WHERE id = 4']:",
            "    n = cur.execute(sql)",
            "    print(n, c._result.message)  # the info string with its length, as the server sends it",
            "");

    /** Was: no info string (PyMySQL's message empty, mysql_info() NULL, changed rows unknown to clients). */
    @Test
    void okPacketsCarryTheServersInfo() throws Exception {
        String out = pythonSameAsNode(INFO);
        assertTrue(out.contains("Rows matched: 2  Changed: 2  Warnings: 0"), out);
        assertTrue(out.contains("Records: 3  Duplicates: 0  Warnings: 0"), out);
    }

    /**
     * Was: {@code ERROR 1105 (HY000): Streaming result set com.mysql.cj.protocol.a.result.ResultsetRowsStreaming@...
     * is still active}: the driver reads the assigned values back on the statement's connection while
     * its rows still streamed from there.
     */
    @Test
    void aSelectThatAssignsVariablesAnswersAsTheServerDoes() throws Exception {
        String table = table("assigns", "id INT PRIMARY KEY", "(1), (2), (3)");
        assertEquals("n\n1\n2\n3\n@n\n3\n",
                sameAsNode("SELECT @n := id AS n FROM " + table + " ORDER BY id; SELECT @n"));
        assertEquals("c\n3\nt\n3\n", sameAsNode("SELECT @t := COUNT(*) AS c FROM " + table + "; SELECT @t AS t"));
        assertEquals("1\n1\n", sameAsNode("SET STATEMENT max_statement_time = 10 FOR SELECT 1"));
    }

    private static final String PROCEDURE_BODY = "BEGIN SELECT 1 AS a UNION ALL SELECT 2; SELECT 'x' AS b;"
            + " SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'failed after its rows'; END";

    private String procedure() throws SQLException {
        String name = Sql.uniqueName("rows_then_error");
        try (Connection c = cluster.connect(cluster.node(1))) {
            Sql.exec(c, "CREATE PROCEDURE " + name + "() " + PROCEDURE_BODY);
        }
        cluster.awaitReplication(Duration.ofSeconds(10));
        return name;
    }

    private static final String CALL = String.join("\n",
            "import sys, pymysql",
            "c = pymysql.connect(host='127.0.0.1', port=int(sys.argv[1]), user=sys.argv[2], password=sys.argv[3],",
            "                    database='test')",
            "cur = c.cursor()",
            "try:",
            "    cur.execute('CALL ' + sys.argv[4] + '()')",
            "    print('rows', cur.fetchall())",
            "    while cur.nextset():",
            "        print('rows', cur.fetchall())",
            "except pymysql.err.MySQLError as e:",
            "    print('error', e.args)",
            "cur.execute('SELECT 7')",
            "print('then', cur.fetchall())",
            "");

    private static final String MULTI = String.join("\n",
            "import sys, pymysql",
            "from pymysql.constants import CLIENT",
            "c = pymysql.connect(host='127.0.0.1', port=int(sys.argv[1]), user=sys.argv[2], password=sys.argv[3],",
            "                    database='test', client_flag=CLIENT.MULTI_STATEMENTS)",
            "cur = c.cursor()",
            "try:",
            "    cur.execute('SELECT 1 AS a; DO 1; SELECT * FROM no_such_table_here')",
            "    print('rows', cur.fetchall())",
            "    while cur.nextset():",
            "        print('result', cur.rowcount, cur.fetchall())",
            "except pymysql.err.MySQLError as e:",
            "    print('error', e.args[0])",
            "");

    /**
     * Was: only the error. A failing later statement of a text: the rows, the update count in between
     * (Connector/J read it ahead looking for the next result set), then the error.
     */
    @Test
    void aTextsResultsComeBeforeTheErrorOfALaterStatement() throws Exception {
        assertEquals("rows ((1,),)\nresult 0 ()\nerror 1146\n", pythonSameAsNode(MULTI));
    }

    /** Was: only the error (it came in place of the first result's end, so the client dropped the rows). */
    @Test
    void aProceduresResultSetsComeBeforeItsErrorInTheTextProtocol() throws Exception {
        String p = procedure();
        assertEquals("rows ((1,), (2,))\nrows (('x',),)\nerror (1644, 'failed after its rows')\nthen ((7,),)\n",
                pythonSameAsNode(CALL, p));
        assertTrue(sameAsNode("CALL " + p + "()").startsWith("a\n1\n2\nb\nx\n"), "the mariadb client prints the rows too");
    }

    /**
     * Was: the error in place of the first result's end, so clients dropped the rows. Raw packets: a
     * MariaDB node answers a prepared CALL only to clients with PS_MULTI_RESULTS, which the sandbox's
     * wire client does not send, so the replies are checked against the protocol: each result set
     * (column count, definitions, binary rows, its end with MORE_RESULTS), then the error.
     */
    @Test
    void aProceduresResultSetsComeBeforeItsErrorInTheBinaryProtocol() throws Exception {
        String p = procedure();
        try (WireClient c = WireClient.login(fe.server().address(), fe.user(), fe.password(), 10_000)) {
            byte[] prepared = c.command(command(0x16, "CALL test." + p + "()")); // a login without a database
            assertEquals(0, prepared[0], WireClient.describe(prepared));
            int columns = (int) le(prepared, 5, 2) + (int) le(prepared, 7, 2);
            for (int i = 0; i < columns; i++) {
                c.read(); // definitions of parameters and columns, no EOF (DEPRECATE_EOF)
            }
            byte[] execute = {0x17, prepared[1], prepared[2], prepared[3], prepared[4], 0, 1, 0, 0, 0};
            assertEquals(List.of("columns 1", "row", "row", "end, more", "columns 1", "row", "end, more",
                    "error 1644 (45000): failed after its rows"), results(c, c.command(execute)));
            assertEquals(List.of("columns 1", "row", "end"), results(c, c.command(command(0x03, "SELECT 7"))),
                    "the connection goes on");
        }
    }

    private static byte[] command(int code, String text) {
        byte[] t = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] packet = new byte[t.length + 1];
        packet[0] = (byte) code;
        System.arraycopy(t, 0, packet, 1, t.length);
        return packet;
    }

    /** @return the results of one command as the packets say them, from its first reply packet to its last */
    private static List<String> results(WireClient c, byte[] first) throws Exception {
        List<String> seen = new ArrayList<>();
        boolean rows = false;
        for (byte[] packet = first; ; packet = next(c, seen)) {
            int header = packet[0] & 0xFF;
            if (header == 0xFF) {
                seen.add("error " + WireClient.describe(packet));
                return seen;
            }
            if (rows && header != 0xFE) { // a binary row (0x00) or a text row
                seen.add("row");
                continue;
            }
            if (header == 0x00 || header == 0xFE) { // an OK, or a result's end (OK with 0xFE)
                boolean more = (status(packet) & 0x0008) != 0;
                seen.add((header == 0x00 ? "ok" : "end") + (more ? ", more" : ""));
                rows = false;
                if (!more) {
                    return seen;
                }
                continue;
            }
            seen.add("columns " + header);
            for (int i = 0; i < header; i++) {
                c.read();
            }
            rows = true;
        }
    }

    private static byte[] next(WireClient c, List<String> seen) throws java.io.IOException {
        try {
            return c.read();
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("no more packets after " + seen, e);
        }
    }

    /** @return the status flags of an OK packet: after its header, affected rows and insert id (lenenc) */
    private static int status(byte[] ok) {
        int at = 1;
        for (int i = 0; i < 2; i++) {
            int b = ok[at] & 0xFF;
            at += b < 0xFB ? 1 : b == 0xFC ? 3 : b == 0xFD ? 4 : 9;
        }
        return (int) le(ok, at, 2);
    }

    private static long le(byte[] b, int at, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = v << 8 | (b[at + i] & 0xFF);
        }
        return v;
    }
}

package io.obproxy.frontend;

import static io.obproxy.frontend.Wire.command;
import static io.obproxy.frontend.Wire.concat;
import static io.obproxy.frontend.Wire.le;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.frontend.PayloadReader.MalformedPacketException;
import io.obproxy.session.SessionChange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The command handling of a logged-in client, over in-memory streams with raw packets: the reply each
 * command gets, row by row; malformed commands; the status flags the replies carry; which failures
 * end the client; and that statements are let go on every path that drops them. The logical
 * connection is a {@link FakeConnection}; the front end (statistics, question count, users file) is
 * real.
 */
class CommandsTest {
    private static final String OK = "OK rows=0 status=0x0002";
    private static FrontendServer server;

    private final FakeConnection connection = new FakeConnection();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final PacketIO io = new PacketIO(InputStream.nullInputStream(), out, 1 << 20);
    private boolean killed;
    private ClientSession session;
    private Commands commands;
    /** What {@link Commands#run} answered for the last command: whether the client goes on. */
    private boolean goesOn;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Logs a client in with these capabilities (the login's collation: utf8mb4_general_ci). */
    private void logIn(int capabilities) {
        Handshake.Login login = new Handshake.Login(TestServer.USER, TestServer.USER, TestServer.PASSWORD, false, null,
                capabilities, Protocol.UTF8MB4_GENERAL_CI, 0);
        session = new ClientSession(io, new Replies(io, false, (capabilities & Protocol.SESSION_TRACK) != 0),
                FakeConnection.TEXTS, server.processes().register(TestServer.USER, "test"), new Cleanup("test"), 1 << 20,
                new BackendFacts(null), false,
                connection.proxy, login);
        commands = new Commands(session, new ClientLogin(io, new Socket(), server, server.processes()
                .register(TestServer.USER, "test")), server, () -> killed, "test");
    }

    /** @return the replies to one command, described ({@link Wire#describe}) */
    private List<String> send(byte[] command) throws IOException {
        return Wire.describeAll(reply(command));
    }

    /** @return the reply to one command, as it went on the wire */
    private byte[] reply(byte[] command) throws IOException {
        out.reset();
        io.resetSequence();
        goesOn = commands.run(command);
        io.flush();
        return out.toByteArray();
    }

    /** Sends {@code command} and checks its replies and that the client goes on. */
    private void row(String what, byte[] command, String... replies) throws IOException {
        assertEquals(List.of(replies), send(command), what);
        assertTrue(goesOn, what + ": the client goes on");
    }

    /** @return the statement id of a COM_STMT_PREPARE's reply */
    private long prepare(String sql) throws IOException {
        byte[] first = Wire.payloads(reply(command(Protocol.COM_STMT_PREPARE, sql))).get(0);
        assertEquals(0, first[0], "a prepare OK");
        return new PayloadReader(first, 1).int4();
    }

    @Test
    void eachCommandGetsTheReplyAServerGives() throws IOException {
        logIn(Protocol.PROTOCOL_41);
        row("COM_PING", command(Protocol.COM_PING), OK);
        row("COM_QUERY", command(Protocol.COM_QUERY, "DELETE FROM t"), OK);
        row("COM_QUERY, empty", command(Protocol.COM_QUERY, ""), "ERR 1065 42000");
        row("COM_QUERY, blanks", command(Protocol.COM_QUERY, " \n\t"), "ERR 1065 42000");
        row("COM_STMT_PREPARE, empty", command(Protocol.COM_STMT_PREPARE, ""), "ERR 1065 42000");
        row("COM_QUERY, two statements with multi-statements off", command(Protocol.COM_QUERY, "SELECT 1; SELECT 2"),
                "ERR 1064 42000");
        row("COM_QUERY, SET NAMES of an unknown character set", command(Protocol.COM_QUERY, "SET NAMES klingon"),
                "ERR 1115 42000");
        row("COM_INIT_DB", command(Protocol.COM_INIT_DB, "other"), OK);
        row("COM_STMT_EXECUTE, unknown id", command(Protocol.COM_STMT_EXECUTE, concat(le(9, 4), le(0, 1), le(1, 4))),
                "ERR 1243 HY000");
        row("COM_STMT_RESET, unknown id", command(Protocol.COM_STMT_RESET, le(9, 4)), "ERR 1243 HY000");
        row("COM_STMT_FETCH: executions open no cursor", command(Protocol.COM_STMT_FETCH, concat(le(9, 4), le(1, 4))),
                "ERR 1421 HY000");
        row("COM_STMT_CLOSE, unknown id: no reply", command(Protocol.COM_STMT_CLOSE, le(9, 4)));
        row("COM_STMT_SEND_LONG_DATA, unknown id: no reply",
                command(Protocol.COM_STMT_SEND_LONG_DATA, concat(le(9, 4), le(0, 2), new byte[] {'x'})));
        row("COM_SET_OPTION on", command(Protocol.COM_SET_OPTION, le(0, 2)), "EOF status=0x0002");
        row("COM_SET_OPTION off", command(Protocol.COM_SET_OPTION, le(1, 2)), "EOF status=0x0002");
        row("COM_SET_OPTION, unknown option", command(Protocol.COM_SET_OPTION, le(2, 2)), "ERR 1047 08S01");
        row("COM_PROCESS_KILL", command(Protocol.COM_PROCESS_KILL, le(5, 4)), OK);
        row("COM_RESET_CONNECTION", command(Protocol.COM_RESET_CONNECTION), OK);
        row("an unknown command", command(0x7F), "ERR 1047 08S01");
        row("COM_DEBUG, which the front end does not take", command(0x0D), "ERR 1047 08S01");
        assertEquals(List.of("DELETE FROM t", "SELECT 1", "KILL 5"), connection.executed,
                "only what reached the driver ran: COM_QUERY's text, COM_INIT_DB's proof, COM_PROCESS_KILL's KILL");
        assertEquals("other", connection.catalog);
    }

    /**
     * Expected packets are MariaDB 10.11's own OKs for the same statements, as a tracking client read
     * them from the server directly.
     */
    @Test
    void aClientThatTracksSessionStateIsToldWhatItsCommandsChanged() throws IOException {
        logIn(Protocol.PROTOCOL_41 | Protocol.SESSION_TRACK);
        connection.serverSessionChanges.add(new SessionChange(SessionChange.SYSTEM_VARIABLE,
                List.of("auto_increment_increment", "3")));
        assertEquals(List.of(hex("\0\0\0\u0002@\0\0\0\u001d\0\u001b\u0018auto_increment_increment\u00013")),
                payloads(command(Protocol.COM_QUERY, "SET auto_increment_increment = 3")),
                "what the server reported of the statement, forwarded");
        assertEquals(List.of(hex("\0\0\0\u0002\0\0\0")), payloads(command(Protocol.COM_QUERY, "DELETE FROM t")),
                "nothing changed: a plain OK");
        assertEquals(List.of(hex("\0\0\0\u0002@\0\0\0Y\0\u001e\u0018character_set_connection\u0004big5"
                        + "\0\u001a\u0014character_set_client\u0004big5\0\u001b\u0015character_set_results\u0004big5")),
                payloads(command(Protocol.COM_QUERY, "SET NAMES big5")),
                "SET NAMES, answered by the front end: the three variables of the server's default list");
        assertEquals(List.of(hex("\0\0\0\u0002@\0\0\0\u0007\u0001\u0005\u0004test")),
                payloads(command(Protocol.COM_INIT_DB, "test")), "COM_INIT_DB: the schema");
        connection.recordedVariables.put("session_track_system_variables", "'autocommit'");
        connection.recordedVariables.put("session_track_schema", "OFF");
        assertEquals(List.of(hex("\0\0\0\u0002\0\0\0")), payloads(command(Protocol.COM_QUERY, "SET NAMES utf8mb4")),
                "the client tracks no character set variable");
        assertEquals(List.of(hex("\0\0\0\u0002\0\0\0")), payloads(command(Protocol.COM_INIT_DB, "other")),
                "the client tracks no schema");
    }

    @Test
    void aClientThatDoesNotTrackSessionStateGetsPlainOks() throws IOException {
        logIn(Protocol.PROTOCOL_41);
        connection.serverSessionChanges.add(new SessionChange(SessionChange.SYSTEM_VARIABLE, List.of("autocommit", "OFF")));
        assertEquals(List.of(hex("\0\0\0\u0002\0\0\0")), payloads(command(Protocol.COM_QUERY, "SET autocommit = 0")));
        assertEquals(List.of(hex("\0\0\0\u0002\0\0\0")), payloads(command(Protocol.COM_QUERY, "SET NAMES big5")));
    }

    /** @return the reply payloads to one command, in hexadecimal */
    private List<String> payloads(byte[] command) throws IOException {
        return Wire.payloads(reply(command)).stream().map(HexFormat.of()::formatHex).toList();
    }

    /** @return a packet written as text (one char a byte), in hexadecimal */
    private static String hex(String bytes) {
        return HexFormat.of().formatHex(bytes.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void statisticsAreMySqlsLineAndCountAnsweredQuestions() throws IOException {
        logIn(Protocol.PROTOCOL_41);
        List<String> first = send(command(Protocol.COM_STATISTICS));
        assertEquals(1, first.size());
        assertTrue(first.get(0).startsWith("TEXT Uptime: "), first.get(0));
        send(command(Protocol.COM_PING));
        send(command(Protocol.COM_QUERY, ""));
        String second = send(command(Protocol.COM_STATISTICS)).get(0);
        assertEquals(questions(first.get(0)) + 3, questions(second), "the statistics, a ping and a failed query count");
    }

    private static long questions(String statistics) {
        return Long.parseLong(statistics.replaceAll(".*Questions: (\\d+) .*", "$1"));
    }

    @Test
    void loadDataLocalOfAClientWithoutLocalFilesIs1148AndNothingRuns() throws IOException {
        logIn(Protocol.PROTOCOL_41 | Protocol.MULTI_STATEMENTS);
        row("LOAD DATA LOCAL INFILE", command(Protocol.COM_QUERY, "LOAD DATA LOCAL INFILE '/etc/passwd' INTO TABLE t"),
                "ERR 1148 42000");
        row("one of several statements", command(Protocol.COM_QUERY,
                "DELETE FROM t; LOAD DATA LOCAL INFILE 'x' INTO TABLE t"), "ERR 1148 42000");
        row("the server's own LOAD DATA INFILE runs", command(Protocol.COM_QUERY,
                "LOAD DATA INFILE '/tmp/x' INTO TABLE t"), OK);
        assertEquals(List.of("LOAD DATA INFILE '/tmp/x' INTO TABLE t"), connection.executed);
    }

    @Test
    void quitEndsTheClientWithoutAReply() throws IOException {
        logIn(Protocol.PROTOCOL_41);
        assertEquals(List.of(), send(command(Protocol.COM_QUIT)));
        assertFalse(goesOn);
    }

    @Test
    void whatIsNotACommandIsThrownToTheConnectionWhichClosesTheClient() {
        logIn(Protocol.PROTOCOL_41);
        assertThrows(MalformedPacketException.class, () -> commands.run(new byte[0]), "an empty packet");
        assertThrows(MalformedPacketException.class, () -> commands.run(command(Protocol.COM_SET_OPTION, (byte) 0)),
                "COM_SET_OPTION without its two bytes");
        assertThrows(MalformedPacketException.class, () -> commands.run(command(Protocol.COM_STMT_EXECUTE, (byte) 1, (byte) 0)),
                "COM_STMT_EXECUTE without a whole statement id");
    }

    @Test
    void anExecuteWithoutItsParametersIs1210AndTheClientGoesOn() throws IOException {
        logIn(Protocol.PROTOCOL_41);
        connection.parameters = 1;
        long id = prepare("SELECT * FROM t WHERE id = ?");
        FakeConnection.FakeStatement ps = connection.statements.get(0);
        row("COM_STMT_EXECUTE, parameters missing", command(Protocol.COM_STMT_EXECUTE,
                concat(le(id, 4), le(0, 1), le(1, 4))), "ERR 1210 HY000");
        assertEquals(1, ps.clearedParameters, "no half-bound parameters left for the next execute");
        assertEquals(List.of(), connection.executed);
        row("the next command", command(Protocol.COM_PING), OK);
    }

    @Test
    void aPreparedStatementRunsUntilClosedAndIsThenUnknown() throws IOException {
        logIn(Protocol.PROTOCOL_41);
        long id = prepare("DELETE FROM t");
        byte[] execute = command(Protocol.COM_STMT_EXECUTE, concat(le(id, 4), le(0, 1), le(1, 4)));
        row("COM_STMT_EXECUTE", execute, OK);
        row("COM_STMT_RESET", command(Protocol.COM_STMT_RESET, le(id, 4)), OK);
        row("COM_STMT_CLOSE: no reply", command(Protocol.COM_STMT_CLOSE, le(id, 4)));
        assertTrue(connection.statements.get(0).closed);
        row("COM_STMT_EXECUTE after the close", execute, "ERR 1243 HY000");
        assertEquals(List.of("DELETE FROM t"), connection.executed);
    }

    /** The flags every OK and EOF carries, from the connection's state at the time of the reply. */
    @Test
    void statusFlagsFollowTheConnectionsState() throws IOException {
        logIn(Protocol.PROTOCOL_41);
        Object[][] rows = {
            // autocommit, in transaction, COM_PING's reply
            {true, false, "OK rows=0 status=0x0002"},
            {false, false, "OK rows=0 status=0x0000"},
            {false, true, "OK rows=0 status=0x0001"},
            {true, true, "OK rows=0 status=0x0003"}, // BEGIN with autocommit on
        };
        for (Object[] row : rows) {
            connection.autoCommit = (Boolean) row[0];
            connection.inTransaction = (Boolean) row[1];
            assertEquals(List.of(row[2]), send(command(Protocol.COM_PING)), "autocommit " + row[0] + ", in transaction " + row[1]);
            assertEquals(List.of(((String) row[2]).replace("OK rows=0", "EOF")),
                    send(command(Protocol.COM_SET_OPTION, le(1, 2))), "an EOF carries the same");
        }
        connection.autoCommit = true;
        connection.inTransaction = false;
        connection.serverStatusFlags = 0x0200 | 0x0001 | 0x0800 | 0x0020; // NO_BACKSLASH_ESCAPES, IN_TRANS, 0x0800, NO_INDEX_USED
        assertEquals(List.of("OK rows=0 status=0x0222"), send(command(Protocol.COM_PING)),
                "the server's SQL-mode and index bits pass; its transaction bit and 0x0800 do not");
        connection.closed = true;
        assertEquals(Protocol.STATUS_AUTOCOMMIT, StatusFlags.of(connection.proxy), "a closed connection reads as a fresh one");
    }

    @Test
    void everyResultButTheLastSaysMoreResultsFollow() throws IOException {
        logIn(Protocol.PROTOCOL_41 | Protocol.MULTI_STATEMENTS);
        String text = "INSERT INTO t VALUES (1); UPDATE t SET v = 2; DELETE FROM u";
        connection.updateCounts.put(text, List.of(1L, 2L, 3L));
        connection.autoCommit = false;
        connection.inTransaction = true;
        row("three results", command(Protocol.COM_QUERY, text),
                "OK rows=1 status=0x0009", "OK rows=2 status=0x0009", "OK rows=3 status=0x0001");
        row("multi-statements off", command(Protocol.COM_SET_OPTION, le(1, 2)), "EOF status=0x0001");
        row("then refused", command(Protocol.COM_QUERY, text), "ERR 1064 42000");
        assertEquals(List.of(text), connection.executed);
    }

    @Test
    void theQueryStatementIsKeptUntilTheDatabaseChangesOrAQueryFails() throws IOException {
        logIn(Protocol.PROTOCOL_41);
        connection.failures.put("SELECT * FROM missing", new SQLException("Table 'test.missing' doesn't exist", "42S02", 1146));
        send(command(Protocol.COM_QUERY, "DELETE FROM t"));
        send(command(Protocol.COM_QUERY, "DELETE FROM t"));
        assertEquals(1, connection.statements.size(), "one statement for both texts");
        row("COM_INIT_DB", command(Protocol.COM_INIT_DB, "other"), OK);
        send(command(Protocol.COM_QUERY, "DELETE FROM t"));
        List<FakeConnection.FakeStatement> made = connection.statements;
        assertEquals(3, made.size(), "the first, COM_INIT_DB's SELECT 1, a new one in the new database");
        assertTrue(made.get(0).closed && made.get(1).closed && !made.get(2).closed);
        row("a failed text", command(Protocol.COM_QUERY, "SELECT * FROM missing"), "ERR 1146 42S02");
        assertTrue(made.get(2).closed, "its results may be half read: dropped");
        send(command(Protocol.COM_QUERY, "DELETE FROM t"));
        assertEquals(4, made.size(), "the next text gets a fresh statement");
    }

    /** Which failures of a command end the client, and with what error. */
    @Test
    void aFailedCommandEndsTheClientOnlyWhenKilledOrItsConnectionIsGone() throws IOException {
        logIn(Protocol.PROTOCOL_41);
        SQLException lost = new SQLException("Communications link failure", "08S01");
        connection.failures.put("DELETE FROM t", lost);
        assertEquals(List.of("ERR 1105 08S01"), send(command(Protocol.COM_QUERY, "DELETE FROM t")));
        assertTrue(goesOn, "an error of the statement alone");
        connection.failureCloses = true;
        assertEquals(List.of("ERR 1105 08S01"), send(command(Protocol.COM_QUERY, "DELETE FROM t")));
        assertFalse(goesOn, "the logical connection is closed under the client");
        killed = true;
        connection.closed = false;
        assertEquals(List.of("ERR 1927 70100"), send(command(Protocol.COM_QUERY, "DELETE FROM t")),
                "a killed client's command fails as MySQL's killed ones do, whatever the driver said");
        assertFalse(goesOn);
    }

    @Test
    void setNamesChangesWhatTheClientsTextIsInUntilTheConnectionIsReset() throws IOException {
        logIn(Protocol.PROTOCOL_41);
        byte[] utf8 = "SELECT 'é'".getBytes(StandardCharsets.UTF_8);
        row("SET NAMES latin1", command(Protocol.COM_QUERY, "SET NAMES latin1"), OK);
        assertTrue(connection.executed.get(0).startsWith("SET character_set_client = latin1, character_set_results = latin1"), connection.executed.get(0));
        send(command(Protocol.COM_QUERY, utf8));
        row("COM_RESET_CONNECTION", command(Protocol.COM_RESET_CONNECTION), OK);
        send(command(Protocol.COM_QUERY, utf8));
        assertEquals(List.of("SELECT 'Ã©'", "SELECT 'é'"), connection.executed.subList(1, 3),
                "read as latin1, then as the handshake's utf8mb4 again");
        assertEquals(ClientCharset.UTF8MB4.sessionVariables(), connection.sessionVariables);
    }

    @Test
    void resetConnectionClosesPreparedStatementsAndEndsTheTransaction() throws IOException {
        logIn(Protocol.PROTOCOL_41);
        prepare("DELETE FROM t");
        prepare("DELETE FROM u");
        connection.autoCommit = false;
        connection.inTransaction = true;
        row("COM_RESET_CONNECTION", command(Protocol.COM_RESET_CONNECTION), OK);
        assertTrue(connection.statements.stream().allMatch(s -> s.closed), "every prepared statement");
        assertEquals(1, connection.rollbacks);
        assertEquals(1, connection.sessionResets);
        assertTrue(connection.autoCommit);
        assertFalse(connection.closed, "the same logical connection goes on");
    }

    @Test
    void aRefusedChangeUserLetsGoOfTheStatementsAndTheConnection() throws IOException {
        logIn(Protocol.PROTOCOL_41 | Protocol.SECURE_CONNECTION | Protocol.PLUGIN_AUTH);
        prepare("DELETE FROM t");
        send(command(Protocol.COM_QUERY, "DELETE FROM t"));
        byte[] wrongProof = new byte[20];
        byte[] changeUser = command(Protocol.COM_CHANGE_USER, concat(TestServer.USER.getBytes(StandardCharsets.UTF_8),
                new byte[] {0, 20}, wrongProof, new byte[] {0}, le(Protocol.UTF8MB4_GENERAL_CI, 2),
                Handshake.NATIVE.getBytes(StandardCharsets.UTF_8), new byte[] {0}));
        byte[] reply = reply(changeUser);
        List<byte[]> payloads = Wire.payloads(reply);
        assertEquals(List.of("ERR 1045 28000"), Wire.describeAll(reply));
        assertEquals("Access denied for user 'app'@'' (using password: YES)", Wire.errorMessage(payloads.get(0)));
        assertFalse(goesOn, "the client is closed, as servers do");
        assertTrue(connection.statements.get(0).closed, "the prepared statement");
        assertTrue(connection.closed, "the logical connection (with its COM_QUERY statement)");
    }

    @Test
    void closeLetsGoOfEachPartWhateverTheOthersDid() throws IOException {
        logIn(Protocol.PROTOCOL_41);
        prepare("DELETE FROM t");
        prepare("DELETE FROM u");
        connection.statements.get(0).closeFailure = new SQLException("the server is gone", "08S01");
        connection.closeFailure = new SQLException("the server is gone", "08S01");
        session.close();
        assertTrue(connection.statements.get(1).closed, "the other statement, after one failed to close");
        assertTrue(connection.aborted, "a connection that failed to close is aborted");
        assertTrue(session.isClosed());
        session.close();
        assertEquals(2, connection.statements.size(), "a second close has nothing left to do");
    }
}

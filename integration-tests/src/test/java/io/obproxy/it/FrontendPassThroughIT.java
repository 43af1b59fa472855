package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.frontend.FrontendOption;
import io.obproxy.frontend.FrontendServer;
import io.obproxy.sandbox.SandboxFrontend;
import io.obproxy.sandbox.WireClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The front end's pass-through, checked against the node itself: the same command sent on the wire
 * directly and through the front end gets the same packets back, byte for byte (column counts,
 * column definitions, rows, and for a prepared CALL the OUT parameters' result set with the server's
 * PS_OUT_PARAMS flag); only the statement ids of prepares differ. The node's bytes are the expected
 * values: nothing here was written from the front end's understanding. (Clients without
 * DEPRECATE_EOF, whose ends the front end writes as EOF packets, are PyMySQL's in FrontendPyMySQLIT.)
 */
@ExtendWith(FrontendExtension.class)
class FrontendPassThroughIT {
    private static final int TIMEOUT_MILLIS = 30_000;
    private static final int COM_QUERY = 0x03;
    private static final int COM_STMT_PREPARE = 0x16;
    private static final int COM_STMT_EXECUTE = 0x17;
    private static final int COM_STMT_SEND_LONG_DATA = 0x18;
    private static final int MYSQL_TYPE_LONGLONG = 0x08;
    private static final int MYSQL_TYPE_STRING = 0xFE;
    private static final int DEPRECATE_EOF = 1 << 24;
    /** CLIENT_MULTI_RESULTS and CLIENT_PS_MULTI_RESULTS: what a server asks of a client before a CALL's results. */
    private static final int MULTI_RESULTS = (1 << 17) | (1 << 18);
    private static final int PS_OUT_PARAMS = 0x1000;
    /** MARIADB_CLIENT_EXTENDED_METADATA among MariaDB's extended capabilities (bit 35 of all). */
    private static final int EXTENDED_METADATA = 1 << 3;
    /** MARIADB_CLIENT_CACHE_METADATA among MariaDB's extended capabilities (bit 36 of all). */
    private static final int CACHE_METADATA = 1 << 4;
    private final FrontendEndpoint fe;

    FrontendPassThroughIT(FrontendEndpoint fe) {
        this.fe = fe;
    }

    /**
     * A text's result: every packet but the end is the node's. Decoded and encoded again, `id + 1`
     * had its type's display length (20) where MariaDB says 11, and FLOAT and TIME(3) their
     * decimals as Connector/J keeps them.
     */
    @Test
    void aTextsResultIsTheNodesOwnBytes() throws Exception {
        String table = table();
        String sql = "SELECT id, id + 1 AS n, f, d, v, b, t, NULL AS z, 'é' AS e FROM " + table + " ORDER BY id";
        assertSameAsTheNodeBeforeTheEnd(c -> reply(c, query(sql)), 1 + 9 + 3 + 1);
    }

    /** A prepared statement's execution: the binary rows and their definitions are the node's. */
    @Test
    void anExecutionsBinaryRowsAreTheNodesOwnBytes() throws Exception {
        String table = table();
        String sql = "SELECT id, f, d, v, b, t FROM " + table + " WHERE id >= ? ORDER BY id";
        byte[] parameter = longLong(2);
        assertSameAsTheNodeBeforeTheEnd(c -> reply(c, execute(prepare(c, sql), MYSQL_TYPE_LONGLONG, parameter)),
                1 + 6 + 2 + 1);
    }

    /** A command sent and its reply read on one connection. */
    @FunctionalInterface
    private interface Exchange {
        List<String> on(WireClient c) throws IOException;
    }

    /**
     * Runs {@code exchange} on the node and through the front end (clients with DEPRECATE_EOF): the
     * node's reply has {@code packets} packets, and the front end's is the same but for the end (its
     * status flags are the logical session's).
     */
    private void assertSameAsTheNodeBeforeTheEnd(Exchange exchange, int packets) throws IOException {
        try (WireClient node = login(nodeAddress(), DEPRECATE_EOF);
             WireClient frontend = login(frontendAddress(), DEPRECATE_EOF)) {
            List<String> direct = exchange.on(node);
            List<String> relayed = exchange.on(frontend);
            assertEquals(packets, direct.size(), direct.toString());
            assertEquals(direct.size(), relayed.size(), relayed.toString());
            assertEquals(direct.subList(0, packets - 1), relayed.subList(0, packets - 1));
        }
    }

    /**
     * A prepared CALL with an OUT parameter: the server answers with the parameters' result set,
     * flagged PS_OUT_PARAMS, then the CALL's OK; a client reads its OUT values from there. (Decoded,
     * the front end could not make that result set, and the server refused the CALL.)
     */
    @Test
    void aPreparedCallGetsItsOutParametersAsTheNodeSendsThem() throws Exception {
        String procedure = "test." + Sql.uniqueName("prefixed");
        try (Connection c = fe.cluster().connect(fe.cluster().node(1))) {
            Sql.exec(c, "CREATE PROCEDURE " + procedure + "(IN a VARCHAR(20), OUT b VARCHAR(20)) SET b = CONCAT('x', a)");
        }
        fe.cluster().awaitReplication(Duration.ofSeconds(10));
        String sql = "CALL " + procedure + "(?, ?)";
        try (WireClient node = login(nodeAddress(), DEPRECATE_EOF | MULTI_RESULTS);
             WireClient frontend = login(frontendAddress(), DEPRECATE_EOF | MULTI_RESULTS)) {
            long onNode = prepare(node, sql);
            long onFrontend = prepare(frontend, sql);
            // the IN parameter as a value, then as long data (sent before the execution, no reply)
            for (boolean longData : new boolean[] {false, true}) {
                List<String> direct = reply(node, callWithNullSecond(node, onNode, "42", longData));
                List<String> relayed = reply(frontend, callWithNullSecond(frontend, onFrontend, "42", longData));
                assertEquals(direct.size(), relayed.size(), "node: " + direct + "\nfront end: " + relayed);
                assertEquals(direct.subList(0, direct.size() - 2), relayed.subList(0, direct.size() - 2));
                String end = relayed.get(relayed.size() - 2); // the OUT parameters' end, announcing the CALL's OK
                assertTrue((status(end) & PS_OUT_PARAMS) != 0, end);
                assertTrue(String.join(",", relayed).contains(hex("x42")), relayed.toString());
            }
        }
    }

    /**
     * A MariaDB client that asks for extended type information (MARIADB_CLIENT_EXTENDED_METADATA)
     * gets the node's column definitions, type names and formats included: a text's result and an
     * execution's binary rows. Both contain {@code uuid}, {@code inet6} and {@code json}, so the
     * field is really there.
     */
    @Test
    void aMariaDbClientGetsTheNodesTypeNames() throws Exception {
        String table = typedTable();
        String sql = "SELECT id, u, a, j FROM " + table + " ORDER BY id";
        login(frontendAddress(), DEPRECATE_EOF).close(); // a fresh front end learns the cluster is MariaDB from a first login
        try (WireClient node = login(nodeAddress(), DEPRECATE_EOF, EXTENDED_METADATA);
             WireClient frontend = login(frontendAddress(), DEPRECATE_EOF, EXTENDED_METADATA)) {
            List<String> direct = reply(node, query(sql));
            List<String> relayed = reply(frontend, query(sql));
            assertEquals(direct.subList(0, direct.size() - 1), relayed.subList(0, relayed.size() - 1));
            String definitions = String.join(",", direct.subList(1, 5));
            for (String name : List.of("uuid", "inet6", "json")) {
                assertTrue(definitions.contains(hex(name)), name + " in " + definitions);
            }
            String where = sql.replace("ORDER BY", "WHERE id >= ? ORDER BY");
            List<String> directRows = reply(node, execute(prepare(node, where), MYSQL_TYPE_LONGLONG, longLong(1)));
            List<String> relayedRows = reply(frontend, execute(prepare(frontend, where), MYSQL_TYPE_LONGLONG,
                    longLong(1)));
            assertEquals(directRows.subList(0, directRows.size() - 1), relayedRows.subList(0, relayedRows.size() - 1));
        }
    }

    /**
     * The front end's Connector/J connections negotiated the type information (above) but read
     * definitions without it: a client that did not ask gets the node's definitions without it, and
     * a MariaDB client whose reply the front end decodes (a text of two statements) gets the field
     * empty, the rest of its definitions readable: the rows are the node's.
     */
    @Test
    void typeInformationIsLeftOutOrEmptyWhereTheClientCannotHaveTheNodes() throws Exception {
        String table = typedTable();
        String sql = "SELECT u, a, j FROM " + table + " ORDER BY id";
        try (WireClient node = login(nodeAddress(), DEPRECATE_EOF);
             WireClient frontend = login(frontendAddress(), DEPRECATE_EOF);
             WireClient asking = login(frontendAddress(), DEPRECATE_EOF | (1 << 16), EXTENDED_METADATA)) {
            List<String> direct = reply(node, query(sql));
            List<String> relayed = reply(frontend, query(sql));
            assertEquals(direct.subList(0, direct.size() - 1), relayed.subList(0, relayed.size() - 1));
            assertTrue(!String.join(",", relayed).contains(hex("uuid")), relayed.toString());
            List<String> decoded = reply(asking, query(sql + "; SELECT 1"));
            String uuidColumn = decoded.get(1);
            int typeInfoAt = uuidColumn.indexOf("01" + hex("u") + "01" + hex("u")) + 8; // column alias, column name
            assertEquals("000c", uuidColumn.substring(typeInfoAt, typeInfoAt + 4), uuidColumn);
            assertEquals(direct.subList(4, direct.size() - 1), decoded.subList(4, direct.size() - 1), "the rows");
        }
    }

    /**
     * A MariaDB client that caches prepared statements' column definitions (MARIADB_CLIENT_CACHE_METADATA)
     * gets each column count with the node's "metadata follows" byte, and an execution without its
     * definitions when they did not change since the client last got them: the node's own replies.
     * The executions' parameter types make the node's definitions change, then stay, then change
     * again. (Without DEPRECATE_EOF, the EOF after left-out definitions: ReplyRelayTest.)
     */
    @Test
    void aClientThatCachesColumnDefinitionsGetsThemOnlyWhenTheyChange() throws Exception {
        login(frontendAddress(), DEPRECATE_EOF).close(); // a fresh front end learns the cluster is MariaDB from a first login
        try (WireClient node = login(nodeAddress(), DEPRECATE_EOF, CACHE_METADATA);
             WireClient frontend = login(frontendAddress(), DEPRECATE_EOF, CACHE_METADATA)) {
            List<String> direct = new ArrayList<>();
            List<String> relayed = new ArrayList<>();
            for (WireClient c : List.of(node, frontend)) {
                List<String> replies = c == node ? direct : relayed;
                replies.addAll(withoutEnd(cachedReply(c, query("SELECT 1 AS a"))));
                long id = prepare(c, "SELECT 1 AS a, ? AS b");
                for (byte[] execution : List.of(execute(id, MYSQL_TYPE_LONGLONG, longLong(7)),
                        execute(id, MYSQL_TYPE_LONGLONG, longLong(8)), execute(id, MYSQL_TYPE_STRING, lenenc("x")),
                        execute(id, MYSQL_TYPE_STRING, lenenc("y")))) {
                    replies.add("--");
                    replies.addAll(withoutEnd(cachedReply(c, execution)));
                }
            }
            assertEquals(direct, relayed);
            String counts = direct.stream().filter(p -> p.startsWith("02")).toList().toString();
            assertEquals("[0201, 0200, 0201, 0200]", counts, "the node's column counts and flags: " + direct);
        }
    }

    /** @return the packets but the last (an end, whose status flags are the session's) */
    private static List<String> withoutEnd(List<String> packets) {
        return packets.subList(0, packets.size() - 1);
    }

    /** @return a string as a length-encoded binary parameter (under 251 bytes) */
    private static byte[] lenenc(String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        return concat(new byte[] {(byte) b.length}, b);
    }

    /**
     * @return every packet of a one-result reply, in hex, to a DEPRECATE_EOF client that caches column
     * definitions: the column count and its flag, the definitions when the flag says they follow, the
     * rows and the end; or the one OK or ERR
     */
    private static List<String> cachedReply(WireClient c, byte[] command) throws IOException {
        List<String> packets = new ArrayList<>();
        byte[] p = c.command(command);
        packets.add(HexFormat.of().formatHex(p));
        if (p[0] == 0 || (p[0] & 0xFF) == 0xFF) {
            return packets;
        }
        int definitions = p[1] == 1 ? p[0] : 0;
        for (int i = 0; i < definitions; i++) {
            packets.add(HexFormat.of().formatHex(c.read()));
        }
        do {
            p = c.read();
            packets.add(HexFormat.of().formatHex(p));
        } while ((p[0] & 0xFF) != 0xFF && !((p[0] & 0xFF) == 0xFE && p.length < 0xFFFFFF));
        return packets;
    }

    /**
     * A client whose character set is not utf8mb4 has its text read by the servers as a node reads
     * it: the servers' character_set_client is the client's, and its bytes go as they came. Each
     * case ran differently before, the text in UTF-8 to a server reading UTF-8: a 4-byte character
     * that utf8mb3 cannot hold was accepted, and a dec8 string that EXECUTE IMMEDIATE converts to the
     * client's character set was a syntax error (1064) where the node refuses it (1300). The node's
     * replies are the expected values (all but the end, whose status flags are the session's).
     */
    @Test
    void aNonUtf8ClientsTextIsReadAsTheNodeReadsIt() throws Exception {
        byte[] fourBytes = "a\uD834\uDF06".getBytes(StandardCharsets.UTF_8);
        List<List<byte[]>> cases = List.of(
                List.of(query("SET NAMES latin1"), latin1Query("SELECT HEX('\u00e9'), @@character_set_client, CHARSET('a')")),
                List.of(query("SET NAMES utf8"), concat(query("SELECT HEX('"), fourBytes, "')".getBytes(StandardCharsets.UTF_8))),
                List.of(query("SET NAMES dec8"), query("SET @seq = _dec8 0xD0"),
                        query("EXECUTE IMMEDIATE CONCAT('SET STATEMENT ', @seq, '=1 SELECT 1')")));
        for (List<byte[]> commands : cases) {
            try (WireClient node = login(nodeAddress(), DEPRECATE_EOF);
                 WireClient frontend = login(frontendAddress(), DEPRECATE_EOF)) {
                for (byte[] command : commands) {
                    List<String> direct = reply(node, command);
                    List<String> relayed = reply(frontend, command);
                    assertEquals(direct.size(), relayed.size(), "node: " + direct + "\nfront end: " + relayed);
                    int compared = direct.get(0).startsWith("ff") ? direct.size() : direct.size() - 1;
                    assertEquals(direct.subList(0, compared), relayed.subList(0, compared), new String(command,
                            StandardCharsets.ISO_8859_1));
                }
            }
        }
    }

    /**
     * A latin1 client's text of two statements takes the decoding path (Connector/J sends it): it is
     * sent in latin1 too, so its rows are the node's.
     */
    @Test
    void aNonUtf8ClientsDecodedTextIsSentInItsCharacterSet() throws Exception {
        byte[] text = latin1Query("SELECT HEX('\u00e9\u00df'), '\u00e9' AS e; SELECT 1");
        try (WireClient node = login(nodeAddress(), DEPRECATE_EOF | (1 << 16));
             WireClient frontend = login(frontendAddress(), DEPRECATE_EOF | (1 << 16))) {
            reply(node, query("SET NAMES latin1"));
            reply(frontend, query("SET NAMES latin1"));
            List<String> direct = reply(node, text);
            List<String> decoded = reply(frontend, text);
            assertEquals(direct.size(), decoded.size(), decoded.toString());
            assertEquals(direct.subList(3, 4), decoded.subList(3, 4), "the row: E9DF and the latin1 byte E9");
            assertTrue(decoded.get(3).contains("45394446"), decoded.get(3));
        }
    }

    private static byte[] latin1Query(String sql) {
        return concat(new byte[] {COM_QUERY}, sql.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    /** The same text through a front end that decodes: `id + 1` is not the node's definition, so the comparison above can fail. */
    @Test
    void theDecodingPathDiffersWhereThePassThroughDoesNot() throws Exception {
        String table = table();
        String sql = "SELECT id + 1 AS n FROM " + table + " ORDER BY id";
        try (WireClient node = login(nodeAddress(), DEPRECATE_EOF);
             WireClient multi = login(frontendAddress(), DEPRECATE_EOF | (1 << 16))) {
            List<String> direct = reply(node, query(sql));
            // a text of two statements keeps the decoding path: its first result is decoded and encoded again
            List<String> decoded = reply(multi, query(sql + "; SELECT 1"));
            assertNotEquals(direct.get(1), decoded.get(1), "the column definition of id + 1");
            assertEquals(direct.subList(2, direct.size() - 1), decoded.subList(2, direct.size() - 1), "the rows");
        }
    }

    /**
     * A front end whose server connections are compressed (`useCompression` in its URL) cannot copy
     * their packets: it decodes, and the client still gets the node's rows and a working session.
     */
    @Test
    void compressedServerConnectionsKeepTheDecodingPath() throws Exception {
        String table = table();
        String sql = "SELECT id, v FROM " + table + " ORDER BY id";
        FrontendServer compressed = SandboxFrontend.start(fe.cluster(), 0, null, Map.of(FrontendOption.URL,
                "jdbc:obproxy://" + fe.cluster().seeds() + "/test?useCompression=true"));
        try (WireClient node = login(nodeAddress(), DEPRECATE_EOF);
             WireClient client = login(new InetSocketAddress("127.0.0.1", compressed.address().getPort()), DEPRECATE_EOF)) {
            List<String> direct = reply(node, query(sql));
            List<String> decoded = reply(client, query(sql));
            assertEquals(direct.subList(3, direct.size() - 1), decoded.subList(3, direct.size() - 1), "the rows");
            assertEquals(List.of("01"), reply(client, query("SELECT 1")).subList(0, 1), "the session goes on: one column");
        } finally {
            compressed.close();
        }
    }

    private String table() throws SQLException {
        String table = "test." + Sql.createTable(fe.cluster(), "relayed",
                "id INT PRIMARY KEY, f FLOAT, d DECIMAL(10,3), v VARCHAR(20), b VARBINARY(8), t TIME(3)");
        try (Connection c = fe.cluster().connect(fe.cluster().node(1))) {
            Sql.exec(c, "INSERT INTO " + table + " VALUES (1, 1.5, 2.125, 'ä', x'00ff', '12:34:56.789'),"
                    + " (2, NULL, -0.001, '', NULL, '-838:59:59'), (3, 3.25e10, 9999999.999, 'z', x'', '00:00:00')");
        }
        fe.cluster().awaitReplication(Duration.ofSeconds(10));
        return table;
    }

    /** A table with columns MariaDB gives type names (UUID, INET6) and a format (JSON), two rows. */
    private String typedTable() throws SQLException {
        String table = "test." + Sql.createTable(fe.cluster(), "typed", "id INT PRIMARY KEY, u UUID, a INET6, j JSON");
        try (Connection c = fe.cluster().connect(fe.cluster().node(1))) {
            Sql.exec(c, "INSERT INTO " + table + " VALUES (1, '123e4567-e89b-12d3-a456-426655440000', '::1', '{\"k\": 1}'),"
                    + " (2, NULL, '::ffff:10.0.0.1', '[]')");
        }
        fe.cluster().awaitReplication(Duration.ofSeconds(10));
        return table;
    }

    private InetSocketAddress nodeAddress() {
        String node = fe.cluster().node(1).address();
        return new InetSocketAddress("127.0.0.1", Integer.parseInt(node.substring(node.indexOf(':') + 1)));
    }

    private InetSocketAddress frontendAddress() {
        return new InetSocketAddress("127.0.0.1", fe.port());
    }

    private WireClient login(InetSocketAddress address, int capabilities) throws IOException {
        return login(address, capabilities, 0);
    }

    /** @param mariadbCapabilities MariaDB's extended capabilities to ask for, as a MariaDB client; 0: a MySQL client */
    private WireClient login(InetSocketAddress address, int capabilities, int mariadbCapabilities) throws IOException {
        WireClient c = WireClient.connect(address, TIMEOUT_MILLIS);
        byte[] ok = c.login(fe.user(), fe.password(), capabilities, mariadbCapabilities);
        assertEquals(0, ok[0], WireClient.describe(ok));
        return c;
    }

    private static byte[] query(String sql) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(COM_QUERY);
        b.writeBytes(sql.getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    /** @return the statement id of {@code sql} prepared on {@code c}, its prepare reply read whole */
    private static long prepare(WireClient c, String sql) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(COM_STMT_PREPARE);
        b.writeBytes(sql.getBytes(StandardCharsets.UTF_8));
        byte[] ok = c.command(b.toByteArray());
        assertEquals(0, ok[0], WireClient.describe(ok));
        long id = le(ok, 1, 4);
        int columns = (int) le(ok, 5, 2);
        int parameters = (int) le(ok, 7, 2);
        for (int i = 0; i < parameters + columns; i++) { // with DEPRECATE_EOF: no EOF after either list
            c.read();
        }
        return id;
    }

    private static byte[] execute(long id, int type, byte[] value) {
        ByteArrayOutputStream b = executeHead(id);
        b.write(0); // null bitmap: none
        b.write(1); // types follow
        b.write(type);
        b.write(0);
        b.writeBytes(value);
        return b.toByteArray();
    }

    /**
     * @return COM_STMT_EXECUTE of statement {@code id} with two string parameters: {@code first}, then
     * NULL (the OUT parameter's place); with {@code longData} the first goes before it on {@code c} as
     * COM_STMT_SEND_LONG_DATA, and the execution holds no value for it
     */
    private static byte[] callWithNullSecond(WireClient c, long id, String first, boolean longData) throws IOException {
        byte[] value = first.getBytes(StandardCharsets.UTF_8);
        if (longData) {
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            data.write(COM_STMT_SEND_LONG_DATA);
            data.writeBytes(int4(id));
            data.writeBytes(new byte[] {0, 0}); // parameter 0
            data.writeBytes(value);
            c.commandWithoutReply(data.toByteArray());
        }
        ByteArrayOutputStream b = executeHead(id);
        b.write(0b10); // null bitmap: the second
        b.write(1);
        b.write(MYSQL_TYPE_STRING);
        b.write(0);
        b.write(MYSQL_TYPE_STRING);
        b.write(0);
        if (!longData) {
            b.write(value.length);
            b.writeBytes(value);
        }
        return b.toByteArray();
    }

    private static ByteArrayOutputStream executeHead(long id) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(COM_STMT_EXECUTE);
        b.writeBytes(int4(id));
        b.write(0); // no cursor
        b.writeBytes(new byte[] {1, 0, 0, 0}); // iterations
        return b;
    }

    private static byte[] int4(long v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    private static byte[] longLong(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    /**
     * @return every packet of the reply to {@code command}, in hex: results until one ends without
     * MORE_RESULTS (an error ends it too)
     */
    private static List<String> reply(WireClient c, byte[] command) throws IOException {
        List<String> packets = new ArrayList<>();
        byte[] p = c.command(command);
        while (true) {
            packets.add(HexFormat.of().formatHex(p));
            int first = p[0] & 0xFF;
            if (first == 0xFF) {
                return packets;
            }
            if (first == 0x00) { // an update count
                if ((status(packets.get(packets.size() - 1)) & 0x0008) == 0) {
                    return packets;
                }
                p = c.read();
                continue;
            }
            // a result set: definitions (with EOF unless deprecated), rows, then the end
            boolean endFound = false;
            boolean eofAfterDefinitions = false;
            for (int i = 0; i < first; i++) {
                packets.add(HexFormat.of().formatHex(c.read()));
            }
            while (!endFound) {
                p = c.read();
                packets.add(HexFormat.of().formatHex(p));
                if ((p[0] & 0xFF) == 0xFE && p.length < 9 && !eofAfterDefinitions && packets.size() == first + 2) {
                    eofAfterDefinitions = true; // the EOF after the definitions (no DEPRECATE_EOF)
                    continue;
                }
                endFound = (p[0] & 0xFF) == 0xFE && p.length < 0xFFFFFF || (p[0] & 0xFF) == 0xFF;
            }
            if ((p[0] & 0xFF) == 0xFF || (status(packets.get(packets.size() - 1)) & 0x0008) == 0) {
                return packets;
            }
            p = c.read();
        }
    }

    /** @return the status flags of an OK or EOF packet, given in hex */
    private static int status(String hex) {
        byte[] p = HexFormat.of().parseHex(hex);
        if ((p[0] & 0xFF) == 0xFE && p.length < 7) {
            return (int) le(p, 3, 2); // EOF: warnings, then status
        }
        int at = 1;
        for (int i = 0; i < 2; i++) { // affected rows, last insert id: length-encoded
            int v = p[at] & 0xFF;
            at += v < 0xFB ? 1 : v == 0xFC ? 3 : v == 0xFD ? 4 : 9;
        }
        return (int) le(p, at, 2);
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }

    private static long le(byte[] b, int from, int length) {
        long v = 0;
        for (int i = 0; i < length; i++) {
            v |= (long) (b[from + i] & 0xFF) << (8 * i);
        }
        return v;
    }
}

package io.obproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.frontend.FrontendOption;
import io.obproxy.frontend.FrontendServer;
import io.obproxy.sandbox.SandboxFrontend;
import io.obproxy.sandbox.WireClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The protocol at its edges, with a bare client: commands no client library sends this way,
 * malformed and oversized packets (an error, then the connection closed, the front end unharmed),
 * the limits (connections, handshake and idle timeouts), and the small commands.
 */
@ExtendWith(FrontendExtension.class)
class FrontendProtocolIT {
    private static final int TIMEOUT = 10_000;
    private final FrontendEndpoint fe;

    FrontendProtocolIT(FrontendEndpoint fe) {
        this.fe = fe;
    }

    private WireClient login() throws IOException {
        return WireClient.login(fe.server().address(), fe.user(), fe.password(), TIMEOUT);
    }

    private static byte[] command(int code, String text) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[t.length + 1];
        p[0] = (byte) code;
        System.arraycopy(t, 0, p, 1, t.length);
        return p;
    }

    private static void assertError(int code, String state, byte[] reply) {
        String d = WireClient.describe(reply);
        assertTrue(d.startsWith(code + " (" + state + "): "), d);
    }

    private void assertStillServing() throws Exception {
        try (Connection c = fe.connect("")) {
            assertEquals("1", Sql.scalar(c, "SELECT 1"), "the front end serves others as before");
        }
    }

    /**
     * Once a client has logged in, the greeting announces the version string the cluster's servers
     * announce (a node's own greeting is the oracle, without MariaDB's "5.5.5-" prefix for old MySQL
     * clients), as ODP announces its cluster's; the rest of it is the front end's: autocommit, TLS
     * offered, caching_sha2_password.
     */
    @Test
    void theGreetingIsTruthful() throws Exception {
        try (Connection c = fe.connect("")) {
            assertEquals("1", Sql.scalar(c, "SELECT 1"), "a first login: the front end learns the cluster's version");
        }
        String node = fe.cluster().node(1).address();
        String nodeVersion;
        try (WireClient direct = WireClient.connect(new InetSocketAddress("127.0.0.1",
                Integer.parseInt(node.substring(node.indexOf(':') + 1))), TIMEOUT)) {
            nodeVersion = versionOf(direct.greeting()).replaceFirst("^5\\.5\\.5-", "");
        }
        try (WireClient c = WireClient.connect(fe.server().address(), TIMEOUT)) {
            byte[] g = c.greeting();
            assertEquals(10, g[0], "protocol 10");
            String version = versionOf(g);
            assertEquals(nodeVersion, version, "the node's own version string");
            int idAt = 1 + version.length() + 1;
            int flagsAt = idAt + 4 + 8 + 1;
            int lowCaps = (g[flagsAt] & 0xFF) | (g[flagsAt + 1] & 0xFF) << 8;
            int status = (g[flagsAt + 3] & 0xFF) | (g[flagsAt + 4] & 0xFF) << 8;
            assertEquals(0x0002, status, "autocommit, no transaction");
            assertTrue((lowCaps & (1 << 11)) != 0, "SSL offered: this front end has a certificate");
            assertTrue(new String(g, StandardCharsets.US_ASCII).endsWith("caching_sha2_password\0"));
        }
    }

    /** @return the version string of a greeting: NUL-terminated after the protocol byte */
    private static String versionOf(byte[] greeting) {
        int end = 1;
        while (greeting[end] != 0) {
            end++;
        }
        return new String(greeting, 1, end - 1, StandardCharsets.US_ASCII);
    }

    @Test
    void unknownCommandsAndAFetchWithoutCursorAreErrorsTheConnectionSurvives() throws Exception {
        try (WireClient c = login()) {
            assertError(1047, "08S01", c.command(new byte[] {0x20}));
            assertError(1421, "HY000", c.command(new byte[] {0x1c, 1, 0, 0, 0, 10, 0, 0, 0}));
            assertEquals(0, c.command(new byte[] {0x0e})[0], "COM_PING answers OK afterwards");
            byte[] stats = c.command(new byte[] {0x09});
            assertTrue(new String(stats, StandardCharsets.US_ASCII).startsWith("Uptime: "), WireClient.describe(stats));
        }
    }

    @Test
    void multiStatementsFollowComSetOption() throws Exception {
        try (WireClient c = login()) { // logged in without MULTI_STATEMENTS
            assertError(1064, "42000", c.command(command(0x03, "SELECT 1; SELECT 2")));
            assertEquals((byte) 0xFE, c.command(new byte[] {0x1b, 0, 0})[0], "COM_SET_OPTION on: EOF");
            assertEquals(1, c.command(command(0x03, "SELECT 1; SELECT 2"))[0], "a result of one column");
        }
    }

    @Test
    void fieldListSendsDefinitionsThenTheEnd() throws Exception {
        String table = Sql.createTable(fe.cluster(), "wirefl", "id INT PRIMARY KEY, name VARCHAR(10)");
        try (WireClient c = login()) {
            c.command(command(0x02, "test"));
            byte[] first = c.command(command(0x04, table + "\0"));
            assertEquals("def", new String(first, 1, 3, StandardCharsets.US_ASCII), WireClient.describe(first));
            byte[] second = c.read();
            assertTrue(new String(second, StandardCharsets.UTF_8).contains("name"));
            assertEquals((byte) 0xFE, c.read()[0], "the end");
        }
    }

    @Test
    void malformedPacketsGetAnErrorAndAClose() throws Exception {
        try (WireClient c = login()) { // an execute that ends inside its statement id
            assertError(1835, "HY000", c.command(new byte[] {0x17, 1}));
            assertTrue(c.closedByServer());
        }
        try (WireClient c = login()) {
            assertError(1835, "HY000", c.command(new byte[0]));
            assertTrue(c.closedByServer());
        }
        try (WireClient c = WireClient.connect(fe.server().address(), TIMEOUT)) { // a handshake response of 2 bytes
            c.write(new byte[] {1, 2});
            assertError(1835, "HY000", c.read());
            assertTrue(c.closedByServer());
        }
        assertStillServing();
    }

    /** Limits of a front end of its own: 2 clients, 500 ms to log in, 1 s idle, packets of 4 KB. */
    @Test
    void limitsCloseWhatExceedsThem() throws Exception {
        try (FrontendServer limited = SandboxFrontend.start(fe.cluster(), 0, null, Map.of(
                FrontendOption.MAX_CONNECTIONS, "2", FrontendOption.HANDSHAKE_TIMEOUT, "500",
                FrontendOption.IDLE_TIMEOUT, "1000", FrontendOption.MAX_PACKET, "4096"))) {
            InetSocketAddress at = limited.address();
            try (WireClient big = WireClient.login(at, fe.user(), fe.password(), TIMEOUT)) {
                big.writeRaw(WireClient.header(5000, 0)); // and not one byte of it
                assertError(1153, "08S01", big.read());
                assertTrue(big.closedByServer(), "refused on its header, closed");
            }
            List<WireClient> held = new ArrayList<>();
            try {
                held.add(WireClient.login(at, fe.user(), fe.password(), TIMEOUT));
                held.add(WireClient.login(at, fe.user(), fe.password(), TIMEOUT));
                try (WireClient third = WireClient.connect(at, TIMEOUT)) {
                    assertError(1040, "08004", third.greeting());
                }
                held.remove(0).close();
                waitFor(() -> limited.clients() < 2);
                held.add(WireClient.login(at, fe.user(), fe.password(), TIMEOUT));

                long t0 = System.nanoTime();
                assertTrue(held.get(0).closedByServer(), "idle for more than 1 s: closed");
                long idleMillis = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(idleMillis < 5_000, "closed after " + idleMillis + " ms");
            } finally {
                for (WireClient c : held) {
                    c.close();
                }
            }
            waitFor(() -> limited.clients() == 0);
            try (WireClient silent = WireClient.connect(at, TIMEOUT)) {
                long t0 = System.nanoTime();
                assertTrue(silent.closedByServer(), "no handshake response within 500 ms: closed");
                assertTrue((System.nanoTime() - t0) / 1_000_000 < 5_000);
            }
        }
    }

    @Test
    void comProcessKillEndsAnotherClient() throws Exception {
        try (WireClient victim = login(); WireClient killer = login()) {
            byte[] kill = new byte[] {0x0c, 0, 0, 0, 0};
            long id = victim.connectionId();
            for (int i = 0; i < 4; i++) {
                kill[1 + i] = (byte) (id >>> (8 * i));
            }
            byte[] killed = killer.command(kill);
            assertEquals(0, killed[0], WireClient.describe(killed));
            byte[] reply;
            try {
                reply = victim.command(new byte[] {0x0e});
            } catch (IOException closed) {
                reply = null; // closed before it could answer
            }
            if (reply != null) {
                assertError(1927, "70100", reply);
            }
            assertTrue(victim.closedByServer());
        }
    }

    @Test
    void comQuitClosesTheConnection() throws Exception {
        try (WireClient c = login()) {
            c.write(new byte[] {0x01});
            assertTrue(c.closedByServer());
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 10 s");
            Thread.sleep(20);
        }
    }
}

package io.obproxy.frontend;

import static io.obproxy.frontend.Wire.concat;
import static io.obproxy.frontend.Wire.le;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client's life on a real front end over a real socket, up to where a cluster would be needed:
 * whatever goes wrong before login, the client is told with MySQL's error, then closed, and the
 * front end lets go of it (its count of clients goes back).
 */
class ClientConnectionTest {
    private static final int CAPABILITIES = Protocol.PROTOCOL_41 | Protocol.SECURE_CONNECTION | Protocol.PLUGIN_AUTH;
    private static FrontendServer server;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(Map.of(FrontendOption.HANDSHAKE_TIMEOUT, "1000"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** @return a handshake response (protocol 4.1, native password) of {@code login} with {@code proof} */
    private static byte[] response(int capabilities, String login, byte[] proof) {
        return concat(le(capabilities, 4), le(1 << 24, 4), le(Protocol.UTF8MB4_GENERAL_CI, 1), new byte[23],
                login.getBytes(StandardCharsets.UTF_8), new byte[] {0, (byte) proof.length}, proof,
                Handshake.NATIVE.getBytes(StandardCharsets.UTF_8), new byte[] {0});
    }

    /**
     * Connects, reads the greeting, sends {@code bytes} as they are (framing included) and reads the
     * reply; checks that the front end then closes the client and forgets it.
     *
     * @return the reply's payload
     */
    private static byte[] afterGreeting(byte[] bytes) throws IOException, InterruptedException {
        try (Socket socket = new Socket(server.address().getAddress(), server.address().getPort())) {
            socket.setSoTimeout(10_000);
            PacketIO client = new PacketIO(socket.getInputStream(), socket.getOutputStream(), 1 << 24);
            assertEquals(10, client.read()[0], "a greeting, protocol 10");
            socket.getOutputStream().write(bytes);
            byte[] reply = client.read();
            assertEquals(-1, socket.getInputStream().read(), "closed after the error");
            awaitNoClients();
            return reply;
        }
    }

    /** @return {@code payload} framed as the client's packet after the greeting (sequence 1) */
    private static byte[] packet(byte[] payload) {
        return concat(le(payload.length, 3), new byte[] {1}, payload);
    }

    private static void awaitNoClients() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.clients() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, server.clients(), "the client is let go of");
    }

    @Test
    void whatGoesWrongBeforeLoginIsToldThenTheClientIsClosed() throws IOException, InterruptedException {
        Object[][] rows = {
            // what the client sends after the greeting, the front end's reply
            {"a packet over the login limit (refused on its header)",
                concat(le(Handshake.MAX_LOGIN_PACKET + 1, 3), new byte[] {1}), "ERR 1153 08S01"},
            {"a handshake response cut short", packet(new byte[] {1, 2, 3}), "ERR 1835 HY000"},
            {"a wrong password", packet(response(CAPABILITIES, TestServer.USER, new byte[20])), "ERR 1045 28000"},
            {"a login name over the limit", packet(response(CAPABILITIES, "u".repeat(Handshake.MAX_LOGIN_NAME + 1),
                new byte[20])), "ERR 1045 28000"},
            {"a client without protocol 4.1", packet(response(Protocol.SECURE_CONNECTION, TestServer.USER, new byte[20])),
                "ERR 1045 28000"},
        };
        for (Object[] row : rows) {
            assertEquals(row[2], Wire.describe(afterGreeting((byte[]) row[1])), (String) row[0]);
        }
    }

    @Test
    void aClientThatDoesNotLogInInTimeIsToldSo() throws IOException, InterruptedException {
        long started = System.nanoTime();
        assertEquals("ERR 1043 08S01", Wire.describe(afterGreeting(new byte[0])));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis >= 1000, "not before the handshake timeout: " + millis + " ms");
    }

    @Test
    void aRefusalNamesTheLoginAndTheClientsHostOnly() throws IOException, InterruptedException {
        byte[] reply = afterGreeting(packet(response(CAPABILITIES, TestServer.USER, new byte[20])));
        assertEquals("Access denied for user 'app'@'127.0.0.1' (using password: YES)", Wire.errorMessage(reply));
    }
}

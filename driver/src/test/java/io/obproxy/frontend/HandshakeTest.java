package io.obproxy.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A users-file login switched to {@code mysql_native_password}, as libmariadb is when it cannot load
 * the plugin the greeting names and offers {@code dummy_fallback_auth}: the client's proof after the
 * switch is compared whole, whatever its last byte. The client's packets are fixed in advance, since
 * the test chooses the scramble.
 */
class HandshakeTest {
    private static final String LOGIN = "root@test";
    private static final String PASSWORD = "pw123";
    private static final int CLIENT_CAPABILITIES = Protocol.PROTOCOL_41 | Protocol.SECURE_CONNECTION
            | Protocol.PLUGIN_AUTH;

    @Test
    void aNativeProofEndingInZeroIsKeptWhole() throws Exception {
        byte[] scramble = scrambleWhoseProofEndsIn(0);
        byte[] proof = Scrambles.nativeProof(PASSWORD, scramble);
        Handshake.Login login = login(scramble, proof);
        assertEquals(LOGIN, login.login());
    }

    @Test
    void aNulTerminatedNativeProofIsAccepted() throws Exception {
        byte[] scramble = scrambleWhoseProofEndsIn(1);
        byte[] proof = Wire.concat(Scrambles.nativeProof(PASSWORD, scramble), new byte[] {0});
        assertEquals(LOGIN, login(scramble, proof).login());
    }

    @Test
    void aProofWithoutItsLastByteIsRefused() {
        byte[] scramble = scrambleWhoseProofEndsIn(0);
        byte[] whole = Scrambles.nativeProof(PASSWORD, scramble);
        byte[] shortened = Arrays.copyOf(whole, whole.length - 1);
        assertThrows(Handshake.Refused.class, () -> login(scramble, shortened));
    }

    /** @return a scramble (bytes 1 to 127) for which the native proof of the password ends in {@code last} */
    private static byte[] scrambleWhoseProofEndsIn(int last) {
        Random random = new Random(42);
        while (true) {
            byte[] s = new byte[Scrambles.LENGTH];
            for (int i = 0; i < s.length; i++) {
                s[i] = (byte) (1 + random.nextInt(127));
            }
            byte[] proof = Scrambles.nativeProof(PASSWORD, s);
            if (proof[proof.length - 1] == last) {
                return s;
            }
        }
    }

    /** Logs in with a response naming {@code dummy_fallback_auth}, then {@code switchReply} to the switch. */
    private static Handshake.Login login(byte[] scramble, byte[] switchReply) throws Exception {
        byte[] response = Wire.concat(Wire.le(CLIENT_CAPABILITIES, 4), Wire.le(1 << 24, 4), new byte[] {45},
                new byte[23], nul(LOGIN), new byte[] {0} /* no proof for the plugin it could not load */,
                nul("dummy_fallback_auth"));
        byte[] fromClient = Wire.concat(packet(1, response), packet(3, switchReply));
        PacketIO io = new PacketIO(new ByteArrayInputStream(fromClient), new ByteArrayOutputStream(), 1 << 20);
        Authenticator auth = new Authenticator(UsersFile.of(Map.of(LOGIN, new String[] {PASSWORD})), null);
        return new Handshake(io, null, auth, null, false, scramble).run(1, "5.7.25", 2, false);
    }

    private static byte[] nul(String s) {
        return Wire.concat(s.getBytes(StandardCharsets.UTF_8), new byte[] {0});
    }

    private static byte[] packet(int sequence, byte[] payload) {
        return Wire.concat(Wire.le(payload.length, 3), new byte[] {(byte) sequence}, payload);
    }
}

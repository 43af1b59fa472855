package io.obproxy.sandbox;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DdlSnifferTest {
    private static byte[] packet(int sequence, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(payload.length & 0xff);
        out.write(payload.length >> 8 & 0xff);
        out.write(payload.length >> 16 & 0xff);
        out.write(sequence);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] query(String sql) {
        byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[text.length + 1];
        payload[0] = 0x03;
        System.arraycopy(text, 0, payload, 1, text.length);
        return packet(0, payload);
    }

    /** A sniffer past the login: the handshake response (sequence 1, longer than an SSL request). */
    private static DdlSniffer loggedIn() {
        DdlSniffer sniffer = new DdlSniffer();
        byte[] login = packet(1, new byte[60]);
        assertFalse(sniffer.feed(login, 0, login.length));
        return sniffer;
    }

    @Test
    void ddlStatementsAreSeenAfterSpacesAndComments() {
        for (String sql : new String[] {"CREATE TABLE t (id INT)", "  drop table t", "/* x */ ALTER TABLE t ADD c INT",
            "-- note\nTRUNCATE t", "# note\nRENAME TABLE a TO b", "GRANT SELECT ON t TO u", "revoke all on t from u"}) {
            byte[] q = query(sql);
            assertTrue(loggedIn().feed(q, 0, q.length), sql);
        }
    }

    @Test
    void otherStatementsAndCommandsAreNot() {
        DdlSniffer sniffer = loggedIn();
        for (String sql : new String[] {"INSERT INTO t VALUES (1)", "SELECT 'CREATE'", "/* CREATE */ SELECT 1",
            "createx", ""}) {
            byte[] q = query(sql);
            assertFalse(sniffer.feed(q, 0, q.length), sql);
        }
        byte[] ping = packet(0, new byte[] {0x0e});
        assertFalse(sniffer.feed(ping, 0, ping.length));
        byte[] continuation = packet(1, ("\u0003CREATE TABLE t").getBytes(StandardCharsets.UTF_8));
        assertFalse(sniffer.feed(continuation, 0, continuation.length), "not a command's first packet");
    }

    @Test
    void packetsSplitAnywhereAreFramed() {
        byte[] select = query("SELECT 1");
        byte[] create = query("CREATE TABLE t (id INT)");
        byte[] both = new byte[select.length + create.length];
        System.arraycopy(select, 0, both, 0, select.length);
        System.arraycopy(create, 0, both, select.length, create.length);
        for (int cut = 0; cut <= both.length; cut++) {
            DdlSniffer sniffer = loggedIn();
            boolean seen = sniffer.feed(both, 0, cut) | sniffer.feed(both, cut, both.length - cut);
            assertTrue(seen, "cut at " + cut);
        }
    }

    @Test
    void aConnectionThatSwitchesToTlsIsNoLongerWatched() {
        DdlSniffer sniffer = new DdlSniffer();
        byte[] sslRequest = packet(1, new byte[32]);
        assertFalse(sniffer.feed(sslRequest, 0, sslRequest.length));
        byte[] q = query("CREATE TABLE t (id INT)");
        assertFalse(sniffer.feed(q, 0, q.length));
    }
}

package io.obproxy.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streams under Connector/J that ask a MariaDB server for extended type information and take it
 * out of every column definition again ({@link ExtendedMetadataOutput}, {@link ExtendedMetadataInput}),
 * fed the server's bytes in pieces of every size (a packet split anywhere, several in one read). The
 * packets are built here by MariaDB's protocol: a definition with the field, the same without it.
 */
class ExtendedMetadataStreamsTest {
    private static final int COM_QUERY = 0x03;
    private static final int COM_STMT_PREPARE = 0x16;
    private static final int COM_PING = 0x0e;
    private static final int PROTOCOL_41 = 1 << 9;
    private static final int SSL = 1 << 11;
    private static final int DEPRECATE_EOF = 1 << 24;
    private static final int MORE_RESULTS = 0x0008;

    /** What the server sends, and what the reader must get. */
    private final ByteArrayOutputStream server = new ByteArrayOutputStream();
    private final ByteArrayOutputStream expected = new ByteArrayOutputStream();

    @ParameterizedTest(name = "deprecate EOF {0}, server pieces of {1}, reads of {2}")
    @CsvSource({"true,1,1", "true,3,7", "true,1000,5", "false,1,1000", "false,5,3", "false,1000,1000"})
    void definitionsLoseTheFieldAndNothingElseChanges(boolean deprecateEof, int pieces, int reads) throws IOException {
        greeting(true);
        ByteArrayOutputStream toServer = new ByteArrayOutputStream();
        Pieces source = new Pieces(server, pieces);
        ExtendedMetadataInput in = new ExtendedMetadataInput(source);
        ExtendedMetadataOutput out = new ExtendedMetadataOutput(toServer, in);
        byte[] greeting = readAll(in, expected.size(), reads);
        assertArrayEquals(expected.toByteArray(), greeting, "the greeting as it came");
        expected.reset();
        server.reset();

        byte[] response = handshakeResponse(PROTOCOL_41 | (deprecateEof ? DEPRECATE_EOF : 0));
        out.write(response, 0, 10); // written in two parts
        out.write(response, 10, response.length - 10);
        assertTrue(out.negotiated());
        byte[] sent = toServer.toByteArray();
        assertEquals(response.length, sent.length);
        assertEquals(ExtendedMetadataInput.EXTENDED_METADATA, sent[4 + 28], "the capability asked for");

        out.write(packet(0, new byte[] {COM_QUERY, 'x'}));
        // a result set of two columns (one with a type name), a row that starts as a definition does,
        // an end announcing more, then an update count
        both(packet(1, new byte[] {2}));
        definition(2, "u", "uuid");
        definition(3, "n", null);
        int seq = 4;
        if (!deprecateEof) {
            both(packet(seq++, eof(0)));
        }
        both(packet(seq++, lenencStrings("def", "x")));
        both(packet(seq++, deprecateEof ? okEnd(MORE_RESULTS) : eof(MORE_RESULTS)));
        both(packet(seq, new byte[] {0, 1, 0, 0, 0, 0, 0}));
        assertRead(source, in, pieces, reads);

        // then a prepare: one parameter and one column, both with the field
        out.write(packet(0, new byte[] {COM_STMT_PREPARE, 'y'}));
        both(packet(1, new byte[] {0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0}));
        definition(2, "?", "inet6");
        seq = 3;
        if (!deprecateEof) {
            both(packet(seq++, eof(0)));
        }
        definition(seq++, "c", "json");
        if (!deprecateEof) {
            both(packet(seq, eof(0)));
        }
        assertRead(source, in, pieces, reads);
        assertEquals(ExtendedMetadataInput.State.IDLE, in.state());
    }

    @ParameterizedTest(name = "a server that {0} offer it")
    @ValueSource(booleans = {true, false})
    void aConnectionThatCannotAskChangesNoByte(boolean offers) throws IOException {
        greeting(offers);
        ByteArrayOutputStream toServer = new ByteArrayOutputStream();
        Pieces source = new Pieces(server, 3);
        ExtendedMetadataInput in = new ExtendedMetadataInput(source);
        ExtendedMetadataOutput out = new ExtendedMetadataOutput(toServer, in);
        readAll(in, expected.size(), 4);
        server.reset();
        expected.reset();
        // offered: the client asks for TLS, after which this stream sees only encrypted bytes
        byte[] response = offers ? sslRequest() : handshakeResponse(PROTOCOL_41 | DEPRECATE_EOF);
        out.write(response);
        assertFalse(out.negotiated());
        assertArrayEquals(response, toServer.toByteArray(), "the response as Connector/J wrote it");
        out.write(packet(0, new byte[] {COM_QUERY, 'x'}));
        both(packet(1, new byte[] {1}));
        both(packet(2, definitionPayload("u", "uuid"))); // passes as it is
        assertRead(source, in, 3, 2);
    }

    @ParameterizedTest(name = "pieces of {0}")
    @ValueSource(ints = {1, 4, 1000})
    void whileTheRelayReadsDefinitionsKeepTheField(int pieces) throws IOException {
        greeting(true);
        Pieces source = new Pieces(server, pieces);
        ExtendedMetadataInput in = new ExtendedMetadataInput(source);
        ExtendedMetadataOutput out = new ExtendedMetadataOutput(new ByteArrayOutputStream(), in);
        readAll(in, expected.size(), 8);
        server.reset();
        expected.reset();
        out.write(handshakeResponse(PROTOCOL_41 | DEPRECATE_EOF));
        out.write(packet(0, new byte[] {COM_QUERY, 'x'}));
        both(packet(1, new byte[] {1}));
        both(packet(2, definitionPayload("u", "uuid")));
        both(packet(3, okEnd(0)));
        in.keepTypeInfo(true);
        assertRead(source, in, pieces, 3);
        in.keepTypeInfo(false);
        // the next command's definitions lose it again
        out.write(packet(0, new byte[] {COM_QUERY, 'x'}));
        both(packet(1, new byte[] {1}));
        definition(2, "u", "uuid");
        both(packet(3, okEnd(0)));
        assertRead(source, in, pieces, 3);
        // a command without definitions (a ping) passes untouched
        out.write(packet(0, new byte[] {COM_PING}));
        both(packet(1, new byte[] {0, 0, 0, 2, 0, 0, 0}));
        assertRead(source, in, pieces, 3);
    }

    @ParameterizedTest(name = "a 16 MB row, reads of {0}")
    @ValueSource(ints = {1 << 16, 1 << 20})
    void aLongRowPassesInPiecesWithoutBeingLookedAt(int reads) throws IOException {
        greeting(true);
        Pieces source = new Pieces(server, 1 << 16);
        ExtendedMetadataInput in = new ExtendedMetadataInput(source);
        ExtendedMetadataOutput out = new ExtendedMetadataOutput(new ByteArrayOutputStream(), in);
        readAll(in, expected.size(), 100);
        server.reset();
        expected.reset();
        out.write(handshakeResponse(PROTOCOL_41 | DEPRECATE_EOF));
        out.write(packet(0, new byte[] {COM_QUERY, 'x'}));
        both(packet(1, new byte[] {1}));
        definition(2, "b", null);
        // one value of 16 MB - 1 bytes: 9 + that in a packet of 16 MB - 1 and its continuation of 9 bytes,
        // which looks like an end (0xFE, short) and must not be taken for one
        byte[] first = new byte[ExtendedMetadataInput.MAX_CHUNK];
        first[0] = (byte) 0xFE; // the value's length in 8 bytes
        first[1] = (byte) 0xFF;
        first[2] = (byte) 0xFF;
        first[3] = (byte) 0xFF;
        both(packet(3, first));
        both(packet(4, new byte[] {(byte) 0xFE, 0, 0, 0, 0, 0, 0, 0, 0}));
        both(packet(5, okEnd(MORE_RESULTS)));
        both(packet(6, new byte[] {1}));
        definition(7, "u", "uuid");
        both(packet(8, okEnd(0)));
        assertRead(source, in, 1 << 16, reads);
        assertEquals(ExtendedMetadataInput.State.IDLE, in.state());
    }

    // --- the server's packets

    /** A MariaDB 10.11 greeting; {@code extended}: CLIENT_MYSQL clear and MARIADB_CLIENT_EXTENDED_METADATA offered. */
    private void greeting(boolean extended) {
        ByteArrayOutputStream g = new ByteArrayOutputStream();
        g.write(10);
        g.writeBytes("5.5.5-10.11.5-MariaDB\0".getBytes(StandardCharsets.US_ASCII));
        g.writeBytes(new byte[] {7, 0, 0, 0});
        g.writeBytes("abcdefgh".getBytes(StandardCharsets.US_ASCII));
        g.write(0);
        int capabilities = PROTOCOL_41 | SSL | DEPRECATE_EOF | (extended ? 0 : 1);
        g.write(capabilities);
        g.write(capabilities >>> 8);
        g.write(45);
        g.writeBytes(new byte[] {2, 0});
        g.write(capabilities >>> 16);
        g.write(capabilities >>> 24);
        g.write(21);
        g.writeBytes(new byte[6]);
        g.writeBytes(new byte[] {(byte) (extended ? 0x1D : 0), 0, 0, 0}); // progress, bulk, metadata, cache
        g.writeBytes("ijklmnopqrst\0mysql_native_password\0".getBytes(StandardCharsets.US_ASCII));
        both(packet(0, g.toByteArray()));
    }

    /** A column definition with the field ({@code typeName} null: an empty one) to the server, without it expected. */
    private void definition(int sequence, String name, String typeName) {
        server.writeBytes(packet(sequence, definitionPayload(name, typeName)));
        expected.writeBytes(packet(sequence, definitionPayload(name, null, false)));
    }

    private static byte[] definitionPayload(String name, String typeName) {
        return definitionPayload(name, typeName, true);
    }

    private static byte[] definitionPayload(String name, String typeName, boolean withField) {
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        d.writeBytes(lenencStrings("def", "test", "t", "t", name, name));
        if (withField) {
            if (typeName == null) {
                d.write(0);
            } else {
                d.write(2 + typeName.length());
                d.write(0); // the data type's name
                d.writeBytes(lenencStrings(typeName));
            }
        }
        d.writeBytes(new byte[] {0x0c, 45, 0, 36, 0, 0, 0, (byte) 0xFE, 0, 0, 0, 0, 0});
        return d.toByteArray();
    }

    private static byte[] eof(int status) {
        return new byte[] {(byte) 0xFE, 0, 0, (byte) status, 0};
    }

    private static byte[] okEnd(int status) {
        return new byte[] {(byte) 0xFE, 0, 0, (byte) status, 0, 0, 0};
    }

    private static byte[] lenencStrings(String... values) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String v : values) {
            byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
            b.write(bytes.length);
            b.writeBytes(bytes);
        }
        return b.toByteArray();
    }

    /** A packet the reader must get as the server sent it. */
    private void both(byte[] packet) {
        server.writeBytes(packet);
        expected.writeBytes(packet);
    }

    // --- the client's packets

    private static byte[] handshakeResponse(int capabilities) {
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        r.writeBytes(int4(capabilities));
        r.writeBytes(int4(1 << 24));
        r.write(45);
        r.writeBytes(new byte[23]);
        r.writeBytes("root\0".getBytes(StandardCharsets.US_ASCII));
        r.write(0);
        return packet(1, r.toByteArray());
    }

    private static byte[] sslRequest() {
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        r.writeBytes(int4(PROTOCOL_41 | SSL | DEPRECATE_EOF));
        r.writeBytes(int4(1 << 24));
        r.write(45);
        r.writeBytes(new byte[23]);
        return packet(1, r.toByteArray());
    }

    private static byte[] int4(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    private static byte[] packet(int sequence, byte[] payload) {
        byte[] p = new byte[4 + payload.length];
        p[0] = (byte) payload.length;
        p[1] = (byte) (payload.length >>> 8);
        p[2] = (byte) (payload.length >>> 16);
        p[3] = (byte) sequence;
        System.arraycopy(payload, 0, p, 4, payload.length);
        return p;
    }

    // --- reading

    /**
     * Hands what the server sent since the last time to {@code in} (its source refilled: the input
     * keeps its state) and checks that the reader gets what is expected; both start empty again.
     */
    private void assertRead(Pieces source, ExtendedMetadataInput in, int pieces, int reads) throws IOException {
        source.refill(server.toByteArray(), pieces);
        byte[] wanted = expected.toByteArray();
        server.reset();
        expected.reset();
        assertArrayEquals(wanted, readAll(in, wanted.length, reads));
    }

    private static byte[] readAll(InputStream in, int total, int reads) throws IOException {
        byte[] all = new byte[total];
        int at = 0;
        while (at < total) {
            int n = in.read(all, at, Math.min(reads, total - at));
            if (n < 0) {
                break;
            }
            at += n;
        }
        assertEquals(total, at, "bytes read");
        return all;
    }

    /** A server's stream that gives at most {@code pieces} bytes per read. */
    private static final class Pieces extends InputStream {
        private ByteArrayInputStream bytes;
        private int pieces;

        Pieces(ByteArrayOutputStream bytes, int pieces) {
            refill(bytes.toByteArray(), pieces);
        }

        void refill(byte[] next, int piecesOf) {
            this.bytes = new ByteArrayInputStream(next);
            this.pieces = piecesOf;
        }

        @Override
        public int read() {
            return bytes.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return bytes.read(b, off, Math.min(len, pieces));
        }
    }
}

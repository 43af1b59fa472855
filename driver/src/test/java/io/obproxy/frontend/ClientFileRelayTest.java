package io.obproxy.frontend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client's side of LOAD DATA LOCAL INFILE over in-memory streams: the request the client gets
 * (0xFB, the name, the sequence after its COM_QUERY), its packets read as one stream up to its empty
 * packet, the files of several statements in order, a client gone mid-file, a request the text did
 * not make, and the names as a server reads the literals.
 */
class ClientFileRelayTest {
    private final ByteArrayOutputStream toClient = new ByteArrayOutputStream();

    /** @return the client's packets, sequence ids from 2 (after the COM_QUERY and the request) */
    private static byte[] packets(String... payloads) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int seq = 2;
        for (String p : payloads) {
            byte[] b = p.getBytes(StandardCharsets.UTF_8);
            wire.writeBytes(new byte[] {(byte) b.length, (byte) (b.length >> 8), (byte) (b.length >> 16), (byte) seq++});
            wire.writeBytes(b);
        }
        return wire.toByteArray();
    }

    private ClientFileRelay relay(byte[] fromClient, String... names) throws IOException {
        byte[] query = {1, 0, 0, 0, Protocol.COM_QUERY};
        PacketIO io = new PacketIO(new ByteArrayInputStream(Wire.concat(query, fromClient)), toClient, 1 << 20);
        io.read(); // the client's COM_QUERY: the request continues its sequence
        return new ClientFileRelay(io, ClientFileRelay.names(List.of(names), false, ClientCharset.UTF8MB4));
    }

    @Test
    void aFileIsTheClientsPacketsUpToItsEmptyOne() throws IOException {
        ClientFileRelay files = relay(packets("1,a\n2,", "b\n", "", "3,c\n", ""), "'/etc/passwd'", "'second.csv'");
        assertEquals(0, toClient.size(), "nothing is asked before the server asks");
        assertArrayEquals("1,a\n2,b\n".getBytes(StandardCharsets.UTF_8), files.readAllBytes());
        List<byte[]> asked = Wire.payloads(toClient.toByteArray());
        assertEquals(1, asked.size());
        assertArrayEquals(("\u00FB/etc/passwd").getBytes(StandardCharsets.ISO_8859_1), asked.get(0),
                "0xFB and the file's name as the statement wrote it");
        assertEquals(1, toClient.toByteArray()[3], "the request continues the COM_QUERY's sequence");
        assertEquals(-1, files.read(), "at its end until closed");
        files.close();
        toClient.reset();
        assertArrayEquals("3,c\n".getBytes(StandardCharsets.UTF_8), files.readAllBytes(), "the next statement's file");
        assertArrayEquals(("\u00FBsecond.csv").getBytes(StandardCharsets.ISO_8859_1),
                Wire.payloads(toClient.toByteArray()).get(0));
        files.close();
        toClient.reset();
        assertEquals(-1, files.read(), "a request the text did not make: an empty file ...");
        assertEquals(0, toClient.size(), "... without asking the client");
        assertNull(files.clientFailure());
    }

    @Test
    void aMissingFileIsAnEmptyOne() throws IOException {
        ClientFileRelay files = relay(packets(""), "'missing.csv'");
        assertEquals(-1, files.read());
        assertEquals(1, Wire.payloads(toClient.toByteArray()).size(), "the client was asked");
    }

    @Test
    void aClientGoneMidFileFailsEveryRead() throws IOException {
        byte[] wire = packets("1,a\n", "2,b\n");
        ClientFileRelay files = relay(java.util.Arrays.copyOf(wire, wire.length - 2), "'x.csv'");
        byte[] buffer = new byte[64];
        assertEquals(4, files.read(buffer, 0, buffer.length));
        IOException gone = assertThrows(EOFException.class, () -> files.read(buffer, 0, buffer.length));
        assertSame(gone, files.clientFailure());
        files.close();
        assertSame(gone, assertThrows(IOException.class, files::read), "no new request after a failure");
    }

    @Test
    void namesAreReadAsTheServerReadsLiterals() {
        assertEquals("C:\\data\\x.csv", ClientFileRelay.fileName("'C:\\\\data\\\\x.csv'", false));
        assertEquals("C:\\data\\x.csv", ClientFileRelay.fileName("'C:\\data\\x.csv'", true), "NO_BACKSLASH_ESCAPES");
        assertEquals("it's \"q\".csv", ClientFileRelay.fileName("'it''s \\\"q\\\".csv'", false));
        assertEquals("a\"b", ClientFileRelay.fileName("\"a\"\"b\"", false));
        assertEquals("tab\there\\%_\\_", ClientFileRelay.fileName("'tab\\there\\%_\\_'", false));
        assertEquals("\u00e9t\u00e9.csv", ClientFileRelay.fileName("'\u00e9t\u00e9.csv'", false));
        assertArrayEquals(new byte[] {(byte) 0xE9, 't', (byte) 0xE9},
                ClientFileRelay.names(List.of("'\u00e9t\u00e9'"), false,
                        ClientCharset.named("latin1")).get(0), "in the client's character set");
    }
}

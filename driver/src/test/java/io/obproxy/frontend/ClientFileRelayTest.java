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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client's side of LOAD DATA LOCAL INFILE over in-memory streams: the request the client gets
 * (0xFB and the name the server asked for, in the client's character set, the sequence after its
 * COM_QUERY), its packets read as one stream up to its empty packet, the next file of the same
 * command, a client gone mid-file, requests the command did not make, and the client's deadline.
 */
class ClientFileRelayTest {
    /** What the relay's {@link ClientFileRelay.BeforeRequest} writes here: an EOF announcing more results. */
    private static final byte[] END_OF_RESULT = {(byte) 0xFE, 0, 0, 0x0A, 0};
    private final ByteArrayOutputStream toClient = new ByteArrayOutputStream();
    /** The relay's calls of its {@link ClientFileRelay.Waiting}. */
    private final List<Boolean> waits = new ArrayList<>();

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

    private ClientFileRelay relay(byte[] fromClient, ClientCharset charset) throws IOException {
        byte[] query = {1, 0, 0, 0, Protocol.COM_QUERY};
        PacketIO io = new PacketIO(new ByteArrayInputStream(Wire.concat(query, fromClient)), toClient, 1 << 20);
        io.read(); // the client's COM_QUERY: the request continues its sequence
        return new ClientFileRelay(io, waits::add, () -> io.write(END_OF_RESULT, END_OF_RESULT.length), charset);
    }

    @Test
    void aFileIsTheClientsPacketsUpToItsEmptyOne() throws IOException {
        ClientFileRelay files = relay(packets("1,a\n2,", "b\n", "", "3,c\n", ""), ClientCharset.UTF8MB4);
        files.requested("/etc/passwd");
        assertEquals(0, toClient.size(), "nothing is asked before the file is read");
        assertArrayEquals("1,a\n2,b\n".getBytes(StandardCharsets.UTF_8), files.readAllBytes());
        List<byte[]> asked = Wire.payloads(toClient.toByteArray());
        assertEquals(2, asked.size());
        assertArrayEquals(END_OF_RESULT, asked.get(0), "the end of the text's result before it comes first");
        assertArrayEquals("\u00FB/etc/passwd".getBytes(StandardCharsets.ISO_8859_1), asked.get(1),
                "0xFB and the file's name as the server asked for it");
        assertEquals(1, toClient.toByteArray()[3], "the replies continue the COM_QUERY's sequence");
        assertEquals(-1, files.read(), "at its end until closed");
        files.close();
        toClient.reset();
        files.requested("second.csv");
        assertArrayEquals("3,c\n".getBytes(StandardCharsets.UTF_8), files.readAllBytes(), "the text's next file");
        assertArrayEquals("\u00FBsecond.csv".getBytes(StandardCharsets.ISO_8859_1),
                Wire.payloads(toClient.toByteArray()).get(1));
        assertNull(files.clientFailure());
    }

    @Test
    void aMissingFileIsAnEmptyOneAndTheClientHasADeadlineMeanwhile() throws IOException {
        ClientFileRelay files = relay(packets(""), ClientCharset.named("latin1"));
        files.requested("\u00e9t\u00e9.csv");
        assertEquals(-1, files.read());
        assertArrayEquals(new byte[] {(byte) 0xFB, (byte) 0xE9, 't', (byte) 0xE9, '.', 'c', 's', 'v'},
                Wire.payloads(toClient.toByteArray()).get(1), "the name in the client's character set");
        assertEquals(List.of(true, false), waits, "a deadline while the client's packet was awaited, none after");
    }

    @Test
    void requestsTheCommandDidNotMakeGetAnEmptyFileWithoutAskingTheClient() throws IOException {
        ClientFileRelay files = relay(packets("not to be read\n", ""), ClientCharset.UTF8MB4);
        assertEquals(-1, files.read(), "no name: the request was not seen");
        files.close();
        files.requested("x.csv");
        files.end();
        assertEquals(-1, files.read(), "after the command");
        assertEquals(0, toClient.size(), "the client was never asked");
    }

    @Test
    void aClientGoneMidFileFailsEveryRead() throws IOException {
        byte[] wire = packets("1,a\n", "2,b\n");
        ClientFileRelay files = relay(Arrays.copyOf(wire, wire.length - 2), ClientCharset.UTF8MB4);
        files.requested("x.csv");
        byte[] buffer = new byte[64];
        assertEquals(4, files.read(buffer, 0, buffer.length));
        IOException gone = assertThrows(EOFException.class, () -> files.read(buffer, 0, buffer.length));
        assertSame(gone, files.clientFailure());
        assertEquals(List.of(true, false, true), waits, "the deadline runs until the client is closed");
        files.close();
        files.requested("y.csv");
        assertSame(gone, assertThrows(IOException.class, files::read), "no new request after a failure");
    }
}

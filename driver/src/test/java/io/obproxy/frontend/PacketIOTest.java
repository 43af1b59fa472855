package io.obproxy.frontend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PacketIOTest {
    private static byte[] written(int maxPacket, byte[]... payloads) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PacketIO io = new PacketIO(InputStream.nullInputStream(), out, maxPacket);
        for (byte[] p : payloads) {
            io.write(p, p.length);
        }
        io.flush();
        return out.toByteArray();
    }

    @Test
    void aPacketIsLengthSequenceAndPayload() throws IOException {
        byte[] wire = written(1024, new byte[] {0x0e}, new byte[] {1, 2});
        assertArrayEquals(new byte[] {1, 0, 0, 0, 0x0e, 2, 0, 0, 1, 1, 2}, wire, "the sequence continues across packets");
    }

    @Test
    void aPayloadOfSixteenMegabytesOrMoreTravelsInChunksAndComesBackWhole() throws IOException {
        byte[] big = new byte[PacketIO.MAX_CHUNK * 2 + 10];
        new Random(7).nextBytes(big);
        byte[] exact = new byte[PacketIO.MAX_CHUNK];
        byte[] wire = written(64 << 20, big, exact);
        assertEquals(big.length + 3 * 4 + exact.length + 2 * 4, wire.length, "3 chunks, then a full chunk and an empty one");
        PacketIO io = new PacketIO(new ByteArrayInputStream(wire), discard(), 64 << 20);
        assertArrayEquals(big, io.read());
        assertArrayEquals(exact, io.read());
    }

    @Test
    void aPacketOverTheLimitIsRefusedBeforeItsPayloadIsRead() throws IOException {
        byte[] wire = written(1 << 20, new byte[2048]);
        PacketIO io = new PacketIO(new ByteArrayInputStream(wire, 0, 4), discard(), 1024);
        IOException e = assertThrows(PacketIO.PacketTooLargeException.class, io::read);
        assertEquals("packet length: 2048 (expected: <= 1024)", e.getMessage());
    }

    @Test
    void aConnectionClosedInsideAPacketIsAnEndOfStream() {
        PacketIO io = new PacketIO(new ByteArrayInputStream(new byte[] {5, 0, 0, 0, 1, 2}), discard(), 1024);
        assertThrows(EOFException.class, io::read);
    }

    private static OutputStream discard() {
        return java.io.OutputStream.nullOutputStream();
    }
}

package io.obproxy.frontend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.obproxy.session.LoopbackChannels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
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

    /** A header announcing 16 MB and ten bytes of it, arriving one byte at a time. */
    @Test
    void aPayloadGrowsAsItsBytesArriveNotAsItsHeaderAnnounces() throws IOException {
        byte[] wire = new byte[14];
        wire[0] = wire[1] = wire[2] = (byte) 0xFF;
        byte[][] seen = new byte[1][];
        InputStream trickle = new ByteArrayInputStream(wire) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                seen[0] = b;
                return super.read(b, off, Math.min(1, len));
            }
        };
        PacketIO io = new PacketIO(trickle, discard(), 64 << 20);
        assertThrows(EOFException.class, io::read, "the connection ends inside the packet");
        assertEquals(PacketIO.FIRST_READ, seen[0].length, "the buffer the bytes went to holds 16 KB, not 16 MB");
    }

    @Test
    void theFirstByteOfAPacketIsReportedOncePerPacket() throws IOException {
        byte[] wire = written(1 << 20, new byte[] {1}, new byte[] {2, 3});
        int[] started = new int[1];
        PacketIO io = new PacketIO(new ByteArrayInputStream(wire), discard(), 1024);
        io.onPacketStart(() -> started[0]++);
        io.read();
        assertEquals(1, started[0]);
        io.read();
        assertEquals(2, started[0]);
    }

    @Test
    void aLowerLimitHoldsUntilItIsRaised() throws IOException {
        byte[] wire = written(1 << 20, new byte[2000], new byte[2000]);
        PacketIO io = new PacketIO(new ByteArrayInputStream(wire), discard(), 1024);
        io.limit(4096);
        assertEquals(2000, io.read().length);
        io.limit(1024);
        assertThrows(PacketIO.PacketTooLargeException.class, io::read);
    }

    @Test
    void bufferedReadsTakeASmallCommandInOneReadAndGiveEveryPayloadWholeWhateverTheReadsReturn() throws IOException {
        byte[] small = {3, 's', 'e', 'l'};
        byte[] large = new byte[1500]; // more than the read-ahead buffer
        new Random(3).nextBytes(large);
        byte[] wire = written(1 << 20, small, large, small, new byte[0], small);
        int[] reads = new int[1];
        PacketIO whole = new PacketIO(new ByteArrayInputStream(wire, 0, 8) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                reads[0]++;
                return super.read(b, off, len);
            }
        }, discard(), 1024);
        whole.streamsSettled(null);
        assertArrayEquals(small, whole.read());
        assertEquals(1, reads[0], "header and payload of a small command in one read");

        for (int most : new int[] {1, 3, 7, 511, 512, 513, 4096}) {
            PacketIO io = new PacketIO(new ByteArrayInputStream(wire) {
                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    return super.read(b, off, Math.min(most, len));
                }
            }, discard(), 1 << 20);
            io.streamsSettled(null);
            assertArrayEquals(small, io.read(), "reads of at most " + most);
            assertArrayEquals(large, io.read(), "reads of at most " + most);
            assertArrayEquals(small, io.read(), "reads of at most " + most);
            assertArrayEquals(new byte[0], io.read(), "reads of at most " + most);
            assertArrayEquals(small, io.read(), "reads of at most " + most);
            assertThrows(EOFException.class, io::read, "then the end of the stream");
        }
    }

    @Test
    void onAPlainSocketReadsAndWritesGoThroughItsChannelUnlessTlsReplacedTheStreams() throws IOException {
        byte[] small = {3, 's', 'e', 'l'};
        byte[] large = new byte[3000]; // past the read-ahead buffer: read through the stream
        new Random(5).nextBytes(large);
        byte[] wire = written(1 << 20, small, large, small);
        try (LoopbackChannels channels = LoopbackChannels.afterClientSent(wire)) {
            SocketChannel accepted = channels.accepted();
            InputStream stream = accepted.socket().getInputStream();
            PacketIO io = new PacketIO(stream, accepted.socket().getOutputStream(), 1 << 20);
            io.streamsSettled(accepted);
            assertArrayEquals(small, io.read());
            assertArrayEquals(large, io.read());
            assertArrayEquals(small, io.read());
            assertThrows(EOFException.class, io::read, "then the end of the stream");

            io.resetSequence();
            io.write(small, small.length); // a reply that fits the direct buffer, then one that does not
            io.flush();
            io.write(large, large.length);
            io.flush();
            byte[] replies = written(1 << 20, small, large);
            assertArrayEquals(replies, channels.clientReceives(replies.length),
                    "the first written through the channel, the second through the stream, in order");

            PacketIO tls = new PacketIO(stream, discard(), 1 << 20);
            tls.use(new ByteArrayInputStream(written(1024, small)), discard());
            tls.streamsSettled(accepted);
            assertArrayEquals(small, tls.read(), "the replaced stream is read, not the channel below the first");
        }
    }

    private static OutputStream discard() {
        return java.io.OutputStream.nullOutputStream();
    }
}
